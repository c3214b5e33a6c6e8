package io.distdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.OpenOption;
import java.nio.file.Path;

/**
 * Opens the files an engine reads and writes. Engines take one in their options so that fault tests can
 * hand them channels that fail the way a full or broken disk does.
 */
@FunctionalInterface
public interface ChannelFactory {

    ChannelFactory DEFAULT = FileChannel::open;

    FileChannel open(Path path, OpenOption... options) throws IOException;
}
