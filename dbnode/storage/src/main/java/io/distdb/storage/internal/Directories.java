package io.distdb.storage.internal;

import io.distdb.storage.ChannelFactory;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Durability of directory entries. */
public final class Directories {

    private Directories() {
    }

    /** Makes creations, renames and deletions in {@code dir} durable (a no-op where directories cannot be opened). */
    public static void sync(ChannelFactory channels, Path dir) throws IOException {
        FileChannel channel;
        try {
            channel = channels.open(dir, StandardOpenOption.READ);
        } catch (IOException | UnsupportedOperationException e) {
            return; // e.g. Windows cannot open a directory; rename durability is then up to the file system
        }
        try (channel) {
            channel.force(true);
        }
    }
}
