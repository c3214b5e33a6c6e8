package io.distdb.writer;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Reads the write log line by line, in constant memory. Only lines ended by a line feed count: the writer may be
 * in the middle of its last line (or may have been killed there), and half a line could name the wrong key.
 */
final class LogReader {

    private LogReader() {
    }

    /**
     * Hands every record of the log to {@code consumer}, in order.
     *
     * @return the number of complete lines that are not records (blank lines are not counted)
     * @throws UsageException when the file does not exist or cannot be read
     */
    static long read(Path path, Consumer<LogRecord> consumer) {
        long malformed = 0;
        try (BufferedReader in = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
            StringBuilder line = new StringBuilder();
            int c;
            while ((c = in.read()) != -1) {
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                if (!line.toString().isBlank()) {
                    LogRecord record = LogRecord.parse(line.toString());
                    if (record == null) {
                        malformed++;
                    } else {
                        consumer.accept(record);
                    }
                }
                line.setLength(0);
            }
            // Whatever is left after the last line feed is a line still being written: ignored.
        } catch (NoSuchFileException e) {
            throw new UsageException("log file " + path + " does not exist");
        } catch (IOException e) {
            throw new UsageException("cannot read log file " + path + ": " + e);
        }
        return malformed;
    }
}
