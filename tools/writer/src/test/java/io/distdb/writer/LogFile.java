package io.distdb.writer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The records of a write log, read the way the tool reads them. */
final class LogFile {

    private LogFile() {
    }

    static List<LogRecord> records(Path log) {
        List<LogRecord> records = new ArrayList<>();
        LogReader.read(log, records::add);
        return records;
    }
}
