package io.distdb.bench.ycsb;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Map;

/**
 * One YCSB phase as the runner asks its client JVM to run it: one line of JSON on the client's stdin.
 *
 * @param label      system and phase, for the progress lines
 * @param load       true: the load (inserts), false: transactions
 * @param dbClass    the binding, a {@code site.ycsb.DB}
 * @param workload   the workload file (YCSB's {@code -P})
 * @param properties properties over the workload file's (YCSB's {@code -p})
 * @param threads    client threads
 * @param output     where the client writes the phase's measurements, in YCSB's text format
 */
record PhaseCommand(String label, boolean load, String dbClass, String workload, Map<String, String> properties,
        int threads, String output) {

    private static final ObjectMapper JSON = new ObjectMapper();

    PhaseCommand {
        properties = Map.copyOf(properties);
    }

    /** One line: JSON escapes the line breaks a label or a value might hold. */
    String toLine() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static PhaseCommand fromLine(String line) {
        try {
            return JSON.readValue(line, PhaseCommand.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("not a phase command: " + line, e);
        }
    }
}
