package io.distdb.pgwire.protocol;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The decoder's limits, one hostile input at a time: lengths that lie, lengths past the limit, and the
 * memory a declared length may cost before its bytes arrive (none).
 */
class FrontendDecoderLimitsTest {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static FrontendDecoder typedPhase(int limit) {
        FrontendDecoder d = new FrontendDecoder(limit);
        d.startupDone();
        return d;
    }

    /** Bytes this thread allocates while {@code r} runs (after one run to load what it uses). */
    private static long allocated(Runnable r) {
        r.run();
        long before = THREADS.getCurrentThreadAllocatedBytes();
        r.run();
        return THREADS.getCurrentThreadAllocatedBytes() - before;
    }

    @Test
    void aHugeDeclaredLengthIsRefusedFromTheHeaderAlone() {
        byte[] header = FrontendBytes.typedWithLength('Q', 0x7fffffff, new byte[0]);
        long bytes = allocated(() -> {
            ProtocolException e = assertThrows(ProtocolException.class, () -> typedPhase(64 << 20).feed(header, 0, header.length));
            assertEquals("54000", e.sqlState());
        });
        assertTrue(bytes < 64 * 1024, "refusing a 2 GiB message allocated " + bytes + " bytes");
    }

    @Test
    void aLengthBelowItsOwnSizeIsAViolation() {
        for (int len : new int[] {3, 0, -1, Integer.MIN_VALUE}) {
            byte[] m = FrontendBytes.typedWithLength('Q', len, new byte[] {0, 0, 0, 0});
            ProtocolException e = assertThrows(ProtocolException.class, () -> typedPhase(1 << 20).feed(m, 0, m.length));
            assertEquals("08P01", e.sqlState(), "length " + len);
        }
    }

    @Test
    void aDeclaredLengthUnderTheLimitCostsNothingBeforeItsBytesArrive() {
        byte[] start = FrontendBytes.typedWithLength('d', 60 << 20, new byte[1000]);
        long bytes = allocated(() -> {
            FrontendDecoder d = typedPhase(64 << 20);
            assertEquals(List.of(), d.feed(start, 0, start.length));
            assertEquals(start.length, d.buffered());
        });
        assertTrue(bytes < 256 * 1024, "a declared 60 MiB with 1 KB sent allocated " + bytes + " bytes");
    }

    @Test
    void theLimitIsInclusive() {
        int limit = 1000;
        byte[] atLimit = FrontendBytes.typed('d', new byte[limit - 4]);
        assertInstanceOf(FrontendMessage.CopyData.class, typedPhase(limit).feed(atLimit, 0, atLimit.length).get(0));
        byte[] past = FrontendBytes.typed('d', new byte[limit - 3]);
        ProtocolException e = assertThrows(ProtocolException.class, () -> typedPhase(limit).feed(past, 0, past.length));
        assertEquals("54000", e.sqlState());
    }

    @Test
    void aStartupPacketLengthOutOfBoundsIsAViolation() {
        for (int len : new int[] {0x7fffffff, FrontendDecoder.MAX_STARTUP_BYTES + 1, 7, 0, -8}) {
            byte[] m = FrontendBytes.body().int32(len).int32(FrontendBytes.PROTOCOL_3).toByteArray();
            ProtocolException e = assertThrows(ProtocolException.class, () -> new FrontendDecoder(1 << 20).feed(m, 0, m.length));
            assertEquals("08P01", e.sqlState(), "length " + len);
        }
    }

    @Test
    void aStartupPacketOfAnOldProtocolIsRefused() {
        byte[] m = FrontendBytes.startup(2 << 16, Map.of("user", "app"));
        ProtocolException e = assertThrows(ProtocolException.class, () -> new FrontendDecoder(1 << 20).feed(m, 0, m.length));
        assertEquals("0A000", e.sqlState());
    }

    @Test
    void aLargeMessageInSmallChunksCostsLinearMemory() {
        int size = 16 << 20;
        byte[] message = FrontendBytes.copyData(new byte[size]);
        int chunk = 64 * 1024;
        long bytes = allocated(() -> {
            FrontendDecoder d = typedPhase(64 << 20);
            List<FrontendMessage> got = List.of();
            for (int off = 0; off < message.length; off += chunk) {
                got = d.feed(message, off, Math.min(chunk, message.length - off));
            }
            assertEquals(1, got.size());
            assertEquals(size, ((FrontendMessage.CopyData) got.get(0)).data().length);
        });
        assertTrue(bytes < 6L * size, "a " + size + "-byte message in " + chunk + "-byte chunks allocated " + bytes + " bytes");
    }

    @Test
    void theMessagesBeforeAMalformedOneAreDeliveredFirst() {
        byte[] stream = FrontendBytes.concat(FrontendBytes.query("SELECT 1"), FrontendBytes.sync(),
                FrontendBytes.typed('?', new byte[0]));
        FrontendDecoder d = typedPhase(1 << 20);
        List<FrontendMessage> first = d.feed(stream, 0, stream.length);
        assertEquals(2, first.size());
        assertEquals("SELECT 1", ((FrontendMessage.Query) first.get(0)).sql());
        assertEquals(5, d.buffered(), "the malformed message waits, buffered");
        ProtocolException e = assertThrows(ProtocolException.class, () -> d.feed(new byte[0], 0, 0));
        assertEquals("08P01", e.sqlState());
    }

    @Test
    void oneByteAtATimeGivesTheSameMessages() {
        byte[] stream = FrontendBytes.concat(FrontendBytes.startup(Map.of("user", "app", "database", "d")),
                FrontendBytes.parse("s", "SELECT $1", 23), FrontendBytes.bind("p", "s", "7"), FrontendBytes.execute("p", 0),
                FrontendBytes.sync());
        FrontendDecoderFuzzTest.Outcome whole = FrontendDecoderFuzzTest.run(stream, true, 1 << 20, new int[] {stream.length}, false);
        FrontendDecoderFuzzTest.Outcome bytewise = FrontendDecoderFuzzTest.run(stream, true, 1 << 20,
                FrontendDecoderFuzzTest.ones(stream.length), false);
        assertEquals(5, whole.messages().size());
        assertEquals(whole, bytewise);
        assertArrayEquals(new Object[] {null, 0}, new Object[] {whole.error(), whole.buffered()});
    }
}
