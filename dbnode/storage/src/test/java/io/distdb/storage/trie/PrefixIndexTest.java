package io.distdb.storage.trie;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.testing.InMemoryKvStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class PrefixIndexTest {

    private static final byte[] WORDS = b("w/");
    private static final List<String> SEED_WORDS =
            List.of("trifecta", "tribute", "trinket", "triumph", "trial", "triathlon");

    /** The seed words under "w/", plus keys just outside that prefix which must not be indexed. */
    private static void fill(KvStore store) {
        for (String word : SEED_WORDS) {
            store.put(b("w/" + word), b("1"));
        }
        store.put(b("w"), b("shorter than the prefix"));
        store.put(b("w/"), b("the prefix itself"));
        store.put(b("w."), b("sorts just before w/"));
        store.put(b("w0trial"), b("sorts just after every w/ key"));
        store.put(b("v/trial"), b("another prefix"));
        store.put(b("x/trial"), b("another prefix"));
        store.put(b("trial"), b("no prefix"));
    }

    @Test
    void rebuildIndexesExactlyTheKeysUnderThePrefix() {
        KvStore store = InMemoryKvStore.ordered();
        fill(store);

        PrefixIndex index = PrefixIndex.rebuild(store, WORDS);

        assertEquals(6, index.size());
        assertEquals(List.of("trial", "triathlon", "tribute", "trifecta", "trinket", "triumph"),
                search(index, "", Integer.MAX_VALUE, false));
        assertEquals(List.of("trial", "triathlon"), search(index, "tria", 10, false));
        assertEquals(List.of("triathlon"), search(index, "triat", 10, false));
        assertTrue(index.contains(b("w/trial")));
        assertFalse(index.contains(b("x/trial")));
        assertFalse(index.contains(b("w/")));
    }

    @Test
    void rebuildWorksWithoutOrderedScans() {
        KvStore store = InMemoryKvStore.withoutOrderedScans();
        fill(store);
        assertThrows(UnsupportedOperationException.class, () -> store.scan(ScanRange.all()));

        PrefixIndex index = PrefixIndex.rebuild(store, WORDS);

        assertEquals(List.of("trial", "triathlon", "tribute", "trifecta", "trinket", "triumph"),
                search(index, "tri", Integer.MAX_VALUE, false));
        assertEquals(List.of("triumph", "trinket"), search(index, "tri", 2, true));
    }

    @Test
    void followsWritesMadeBesideTheStore() {
        KvStore store = InMemoryKvStore.ordered();
        PrefixIndex index = PrefixIndex.rebuild(store, WORDS);
        assertEquals(0, index.size());

        for (String word : SEED_WORDS) {
            byte[] key = b("w/" + word);
            store.put(key, b("1"));
            assertTrue(index.add(key));
        }
        byte[] outside = b("x/trial");
        store.put(outside, b("1"));
        assertFalse(index.add(outside));
        assertFalse(index.add(b("w/trial")));

        store.delete(b("w/trial"));
        assertTrue(index.remove(b("w/trial")));
        assertFalse(index.remove(b("w/trial")));
        assertFalse(index.remove(outside));

        assertEquals(List.of("triathlon"), search(index, "tria", 10, false));
        assertEquals(search(PrefixIndex.rebuild(store, WORDS), "", Integer.MAX_VALUE, false),
                search(index, "", Integer.MAX_VALUE, false));
    }

    @Test
    void theEmptyPrefixIndexesEveryKey() {
        KvStore store = InMemoryKvStore.ordered();
        fill(store);

        PrefixIndex index = PrefixIndex.rebuild(store, new byte[0]);

        assertEquals(13, index.size());
        assertEquals(List.of("w", "w.", "w/", "w/trial", "w/triathlon"), search(index, "w", 5, false));
    }

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static List<String> search(PrefixIndex index, String prefix, int limit, boolean descending) {
        return index.search(b(prefix), limit, descending).stream().map(key -> new String(key, UTF_8)).toList();
    }
}
