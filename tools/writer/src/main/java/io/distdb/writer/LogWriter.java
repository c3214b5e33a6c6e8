package io.distdb.writer;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Appends records to the write log, one whole line per call, flushed at once: a reader may look at the log while
 * the writer runs, and a killed writer leaves every line it finished. Appends are synchronized so that the lines
 * of several write threads never interleave.
 */
final class LogWriter implements Closeable {

    private final Path path;
    private final BufferedWriter out;
    private boolean closed;

    private LogWriter(Path path, BufferedWriter out) {
        this.path = path;
        this.out = out;
    }

    /**
     * Opens {@code path} for appending, creating it and its directories if needed. Appending, never truncating:
     * a restarted writer must not wipe the record of the writes an earlier run had acknowledged.
     */
    static LogWriter open(Path path) throws IOException {
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        BufferedWriter out = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(path,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE), StandardCharsets.UTF_8));
        return new LogWriter(path, out);
    }

    Path path() {
        return path;
    }

    /**
     * Appends one line. After {@link #close()} the record is dropped: a request that ends while the JVM shuts down
     * cannot be logged any more, and a write that is not in the log is simply not checked later.
     */
    synchronized void append(LogRecord record) {
        if (closed) {
            return;
        }
        try {
            out.write(record.format() + "\n");
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + path, e);
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (!closed) {
            closed = true;
            out.close();
        }
    }
}
