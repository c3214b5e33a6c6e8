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

    static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String s(byte[] bytes) {
        return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
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

    /**
     * Opens channels that behave like a disk with {@code budget} bytes of free space: a write past it stores
     * what fits and then fails with "No space left on device". Truncation can be made to fail as well.
     */
    static final class FullDisk implements ChannelFactory {
        final AtomicLong budget = new AtomicLong(Long.MAX_VALUE);
        final AtomicBoolean failTruncate = new AtomicBoolean();

        @Override
        public FileChannel open(Path path, OpenOption... options) throws IOException {
            return new BudgetChannel(FileChannel.open(path, options), this);
        }
    }

    private static final class BudgetChannel extends FileChannel {
        private final FileChannel delegate;
        private final FullDisk disk;

        BudgetChannel(FileChannel delegate, FullDisk disk) {
            this.delegate = delegate;
            this.disk = disk;
        }

        /** Lets through what the budget allows of {@code src}; throws once nothing more fits. */
        private int guarded(ByteBuffer src, long position) throws IOException {
            int wanted = src.remaining();
            long allowed = disk.budget.get();
            if (allowed >= wanted) {
                disk.budget.addAndGet(-wanted);
                return position < 0 ? delegate.write(src) : delegate.write(src, position);
            }
            if (allowed > 0) {
                ByteBuffer part = src.duplicate().limit(src.position() + (int) allowed);
                int n = position < 0 ? delegate.write(part) : delegate.write(part, position);
                disk.budget.addAndGet(-n);
                src.position(src.position() + n);
            }
            throw new IOException("No space left on device");
        }

        @Override
        public int write(ByteBuffer src) throws IOException {
            return guarded(src, -1);
        }

        @Override
        public int write(ByteBuffer src, long position) throws IOException {
            return guarded(src, position);
        }

        @Override
        public long write(ByteBuffer[] srcs, int offset, int length) throws IOException {
            long n = 0;
            for (int i = offset; i < offset + length; i++) {
                n += write(srcs[i]);
            }
            return n;
        }

        @Override
        public FileChannel truncate(long size) throws IOException {
            if (disk.failTruncate.get()) {
                throw new IOException("Input/output error");
            }
            delegate.truncate(size);
            return this;
        }

        @Override
        public int read(ByteBuffer dst) throws IOException {
            return delegate.read(dst);
        }

        @Override
        public long read(ByteBuffer[] dsts, int offset, int length) throws IOException {
            return delegate.read(dsts, offset, length);
        }

        @Override
        public int read(ByteBuffer dst, long position) throws IOException {
            return delegate.read(dst, position);
        }

        @Override
        public long position() throws IOException {
            return delegate.position();
        }

        @Override
        public FileChannel position(long newPosition) throws IOException {
            delegate.position(newPosition);
            return this;
        }

        @Override
        public long size() throws IOException {
            return delegate.size();
        }

        @Override
        public void force(boolean metaData) throws IOException {
            delegate.force(metaData);
        }

        @Override
        public long transferTo(long position, long count, WritableByteChannel target) throws IOException {
            return delegate.transferTo(position, count, target);
        }

        @Override
        public long transferFrom(ReadableByteChannel src, long position, long count) throws IOException {
            throw new IOException("not supported by the test channel");
        }

        @Override
        public MappedByteBuffer map(MapMode mode, long position, long size) throws IOException {
            throw new IOException("not supported by the test channel");
        }

        @Override
        public FileLock lock(long position, long size, boolean shared) throws IOException {
            return delegate.lock(position, size, shared);
        }

        @Override
        public FileLock tryLock(long position, long size, boolean shared) throws IOException {
            return delegate.tryLock(position, size, shared);
        }

        @Override
        protected void implCloseChannel() throws IOException {
            delegate.close();
        }
    }
}
