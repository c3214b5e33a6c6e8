package io.distdb.storage.hashlog;

import io.distdb.storage.ChannelFactory;
import io.distdb.storage.Durability;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** Shared helpers of the hash log tests. */
final class HashLogFixtures {

    private HashLogFixtures() {
    }

    /** Small segments and no background merge, so tests decide when merges happen. */
    static HashLogOptions.Builder testOptions() {
        return HashLogOptions.builder().durability(Durability.NONE).backgroundMerge(false).maxSegmentBytes(1 << 20);
    }

    static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    static int dataFileCount(Path dir) {
        try {
            return files(dir, ".data").size();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Path lastSegment(Path dir) throws IOException {
        List<Path> data = files(dir, ".data");
        return data.get(data.size() - 1);
    }

    static long indexOf(Path file, byte[] needle) throws IOException {
        byte[] content = Files.readAllBytes(file);
        outer:
        for (int i = 0; i + needle.length <= content.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (content[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    static void flipByte(Path file, long position) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.seek(position);
            int v = raf.read();
            raf.seek(position);
            raf.write(v ^ 0x5A);
        }
    }

    static void truncateBy(Path file, long bytes) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(raf.length() - bytes);
        }
    }
}
