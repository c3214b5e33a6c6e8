package io.distdb.storage.internal;

import io.distdb.storage.ChannelFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability of directory entries. */
public final class Directories {

    /** Windows cannot open a directory as a file; there rename durability is up to the file system. */
    private static final boolean CANNOT_OPEN_DIRECTORIES =
            System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).startsWith("windows");

    private Directories() {
    }

    /**
     * Makes creations, renames and deletions in {@code dir} durable. Callers go on to depend on that (delete
     * what the renamed file replaces, point readers at it), so a directory that cannot be opened is an
     * error, except on platforms where no directory can be.
     */
    public static void sync(ChannelFactory channels, Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = channels.open(dir, StandardOpenOption.READ);
        } catch (UnsupportedOperationException e) {
            return;
        } catch (IOException e) {
            if (CANNOT_OPEN_DIRECTORIES) {
                return;
            }
            throw e;
        }
        try (channel) {
            channel.force(true);
        }
    }
}
