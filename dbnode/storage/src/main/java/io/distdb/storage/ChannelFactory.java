package io.distdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Opens, renames and deletes the files an engine reads and writes. Engines take one in their options so
 * that fault tests can hand them channels, renames and deletions that fail the way a full or broken disk
 * does. Only opening is abstract; the defaults act on the real file system.
 */
@FunctionalInterface
public interface ChannelFactory {

    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;

    /**
     * Renames {@code source} to {@code target} atomically, replacing {@code target} if it exists. Like any
     * change to a directory, it is durable only once the directory is synced.
     */
    default void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Deletes {@code path} if it exists; durable only once the directory is synced. */
    default void delete(Path path) throws IOException {
        Files.deleteIfExists(path);
    }
}
