package io.distdb.server.store;

import io.distdb.storage.Bytes;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The key encoding the items, documents and SQL namespaces rely on for ordered scans. */
class KeyEncoderTest {

    private static final Random RANDOM = new Random(42);

    /** Short strings over a tiny alphabet that includes NUL, so prefixes, ties and escapes are common. */
    private static byte[] randomComponent() {
        byte[] alphabet = {0x00, 0x01, 'a', 'b', (byte) 0xFF};
        byte[] out = new byte[RANDOM.nextInt(4)];
        for (int i = 0; i < out.length; i++) {
            out[i] = alphabet[RANDOM.nextInt(alphabet.length)];
        }
        return out;
    }

    private static int compareTuples(byte[] a1, byte[] a2, byte[] b1, byte[] b2) {
        int c = Bytes.compare(a1, b1);
        return c != 0 ? c : Bytes.compare(a2, b2);
    }

    @Test
    void keyOrderIsTupleOrder() {
        for (int i = 0; i < 200_000; i++) {
            byte[] a1 = randomComponent(), a2 = randomComponent(), b1 = randomComponent(), b2 = randomComponent();
            byte[] a = Namespace.ITEMS.key().component(a1).raw(a2).build();
            byte[] b = Namespace.ITEMS.key().component(b1).raw(b2).build();
            assertEquals(Integer.signum(compareTuples(a1, a2, b1, b2)), Integer.signum(Bytes.compare(a, b)),
                    Bytes.toDisplayString(a) + " vs " + Bytes.toDisplayString(b));
        }
    }

    @Test
    void anEscapedPrefixIsAPrefixOfEveryKeyItBegins() {
        for (int i = 0; i < 50_000; i++) {
            byte[] first = randomComponent(), rest = randomComponent(), prefix = randomComponent();
            byte[] key = Namespace.ITEMS.key().component(first).raw(rest).build();
            byte[] escapedPrefix = Namespace.ITEMS.key().escaped(prefix).build();
            boolean begins = first.length >= prefix.length
                    && Bytes.compare(java.util.Arrays.copyOf(first, prefix.length), prefix) == 0;
            assertEquals(begins, Bytes.startsWith(key, escapedPrefix));
        }
    }

    @Test
    void componentsDecodeBackToWhatWasEncoded() {
        for (int i = 0; i < 20_000; i++) {
            byte[] first = randomComponent(), rest = randomComponent();
            KeyDecoder decoder = new KeyDecoder(Namespace.DOCUMENTS.key().component(first).raw(rest).build());
            assertArrayEquals(first, decoder.component());
            assertArrayEquals(rest, decoder.rest());
        }
        KeyDecoder text = new KeyDecoder(Namespace.ITEMS.key().component("péople\u0000x").raw("sk").build());
        assertEquals("péople\u0000x", text.componentString());
        assertEquals("sk", text.restString());
        assertTrue(Bytes.compare(Namespace.ITEMS.key().component("a").build(),
                Namespace.ITEMS.key().component("a\u0000".getBytes(StandardCharsets.UTF_8)).build()) < 0);
    }
}
