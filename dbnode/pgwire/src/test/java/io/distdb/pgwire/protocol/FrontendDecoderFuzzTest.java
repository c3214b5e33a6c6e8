package io.distdb.pgwire.protocol;

import com.code_intelligence.jazzer.junit.FuzzTest;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Array;
import java.lang.reflect.RecordComponent;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Fuzzes {@link FrontendDecoder}: any bytes, in any chunks, from the start-up phase or from the typed phase.
 * The only outcomes allowed are messages and a {@link ProtocolException}; the decoder never buffers more
 * than it was given, never allocates for a length a client merely declares, and the same bytes give the
 * same messages and the same error however the network splits them.
 *
 * <p>Input layout: byte 0 holds flags (bit 0: begin in the start-up phase; bits 1-2: which message size
 * limit), bytes 1-4 seed the random chunk split, the rest is the byte stream. Seeds are in
 * {@code FrontendDecoderFuzzTestInputs/decode} (valid start-up packets, extended-protocol cycles, COPY).
 *
 * <p>Runs the seeds as a regression test in every build; fuzzes when {@code JAZZER_FUZZ=1} (the
 * {@code fuzz-frontend-decoder} execution of this module's pom).
 */
class FrontendDecoderFuzzTest {

    static final int[] LIMITS = {64 * 1024 * 1024, 1 << 20, 8192, 64};
    /** Allocation allowed per byte fed (copies, strings, records, lists) and once per run (class set-up, lists). */
    static final long ALLOCATION_PER_BYTE = 512;
    static final long ALLOCATION_BASE = 256 * 1024;

    @FuzzTest(maxDuration = "40s")
    void decode(byte[] input) {
        if (input.length < 5) {
            return;
        }
        boolean startupPhase = (input[0] & 1) != 0;
        int limit = LIMITS[(input[0] >>> 1) & 3];
        long seed = ((input[1] & 0xffL) << 24) | ((input[2] & 0xff) << 16) | ((input[3] & 0xff) << 8) | (input[4] & 0xff);
        byte[] stream = Arrays.copyOfRange(input, 5, input.length);

        // A first run loads and initializes what the paths of this input need; the runs after it count allocations.
        run(stream, startupPhase, limit, new int[] {stream.length}, false);
        Outcome bytewise = run(stream, startupPhase, limit, ones(stream.length), true);
        Outcome whole = run(stream, startupPhase, limit, new int[] {stream.length}, true);
        Outcome split = run(stream, startupPhase, limit, randomSplit(stream.length, new Random(seed)), true);

        // The byte-at-a-time run is the reference: it sees every message as soon as its last byte arrives.
        assertEquals(bytewise.error, whole.error, "error in one chunk vs byte by byte");
        assertEquals(bytewise.error, split.error, "error in random chunks vs byte by byte");
        assertEquals(bytewise.messages, whole.messages, "messages in one chunk vs byte by byte");
        assertEquals(bytewise.messages, split.messages, "messages in random chunks vs byte by byte");
        if (bytewise.error == null) {
            assertEquals(bytewise.buffered, whole.buffered, "bytes left buffered");
            assertEquals(bytewise.buffered, split.buffered, "bytes left buffered");
        }
    }

    /** What decoding a stream gave: the messages (described), the error that ended it, the bytes left over. */
    record Outcome(List<String> messages, String error, int buffered) {
    }

    /**
     * Decodes {@code stream} fed in chunks of the given sizes, handling messages as {@code PgConnection} does:
     * the start-up phase ends with the startup message, after which the decoder is asked again for what
     * followed it in the same chunk; a cancel request ends the connection.
     */
    static Outcome run(byte[] stream, boolean startupPhase, int limit, int[] chunks, boolean checkAllocation) {
        FrontendDecoder decoder = new FrontendDecoder(limit);
        if (!startupPhase) {
            decoder.startupDone();
        }
        List<String> messages = new ArrayList<>();
        Allocation allocation = new Allocation(checkAllocation);
        int offset = 0;
        try {
            for (int chunk : chunks) {
                List<FrontendMessage> decoded = allocation.feed(decoder, stream, offset, chunk);
                offset += chunk;
                while (!decoded.isEmpty()) {
                    for (FrontendMessage m : decoded) {
                        messages.add(describe(m));
                        if (m instanceof FrontendMessage.Startup) {
                            decoder.startupDone();
                        }
                        if (m instanceof FrontendMessage.CancelRequest) {
                            return new Outcome(messages, null, -1);
                        }
                    }
                    decoded = decoder.isStartupDone() && decoder.buffered() == 0 ? List.of()
                            : allocation.feed(decoder, new byte[0], 0, 0);
                }
                checkBuffered(decoder, offset, limit);
                allocation.check(offset);
            }
        } catch (ProtocolException e) {
            assertTrue(e.sqlState().equals("08P01") || e.sqlState().equals("54000") || e.sqlState().equals("0A000"),
                    "unexpected SQLSTATE " + e.sqlState() + ": " + e.getMessage());
            allocation.check(offset);
            return new Outcome(messages, e.sqlState() + " " + e.getMessage(), -1);
        }
        return new Outcome(messages, null, decoder.buffered());
    }

    /** What is buffered waits for the rest of one message, and was all sent by the client. */
    private static void checkBuffered(FrontendDecoder decoder, long fed, int limit) {
        int buffered = decoder.buffered();
        assertTrue(buffered >= 0 && buffered <= fed, "buffered " + buffered + " of " + fed + " bytes fed");
        if (decoder.isStartupDone()) {
            assertTrue(buffered <= limit, "buffered " + buffered + " past the message limit " + limit);
        } else {
            assertTrue(buffered < FrontendDecoder.MAX_STARTUP_BYTES, "buffered " + buffered + " in the start-up phase");
        }
    }

    /** Counts what the decoder allocates, on this thread, while it decodes. */
    static final class Allocation {
        private static final com.sun.management.ThreadMXBean THREADS =
                (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        private final boolean enabled;
        private long bytes;

        Allocation(boolean enabled) {
            this.enabled = enabled;
        }

        List<FrontendMessage> feed(FrontendDecoder decoder, byte[] chunk, int offset, int length) {
            long before = THREADS.getCurrentThreadAllocatedBytes();
            try {
                return decoder.feed(chunk, offset, length);
            } finally {
                bytes += THREADS.getCurrentThreadAllocatedBytes() - before;
            }
        }

        void check(long fed) {
            if (!enabled) {
                return;
            }
            long allowed = ALLOCATION_BASE + ALLOCATION_PER_BYTE * fed;
            assertTrue(bytes <= allowed, "the decoder allocated " + bytes + " bytes for " + fed + " bytes fed");
        }
    }

    static int[] ones(int n) {
        int[] chunks = new int[n];
        Arrays.fill(chunks, 1);
        return chunks;
    }

    static int[] randomSplit(int n, Random random) {
        List<Integer> sizes = new ArrayList<>();
        int left = n;
        while (left > 0) {
            int size = Math.min(left, 1 + random.nextInt(random.nextBoolean() ? 8 : 300));
            sizes.add(size);
            left -= size;
        }
        return sizes.stream().mapToInt(Integer::intValue).toArray();
    }

    /** A message as text, arrays by content: records compare arrays by identity. */
    static String describe(FrontendMessage m) {
        StringBuilder b = new StringBuilder(m.getClass().getSimpleName()).append('(');
        RecordComponent[] components = m.getClass().getRecordComponents();
        for (int i = 0; i < components.length; i++) {
            if (i > 0) {
                b.append(", ");
            }
            try {
                b.append(components[i].getName()).append('=').append(value(components[i].getAccessor().invoke(m)));
            } catch (ReflectiveOperationException e) {
                fail(e);
            }
        }
        return b.append(')').toString();
    }

    private static String value(Object v) {
        if (v instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (v != null && v.getClass().isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (int i = 0; i < Array.getLength(v); i++) {
                b.append(i > 0 ? "," : "").append(Array.get(v, i));
            }
            return b.append(']').toString();
        }
        if (v instanceof List<?> list) {
            StringBuilder b = new StringBuilder("[");
            for (Object o : list) {
                b.append(b.length() > 1 ? "," : "").append(value(o));
            }
            return b.append(']').toString();
        }
        return String.valueOf(v);
    }
}
