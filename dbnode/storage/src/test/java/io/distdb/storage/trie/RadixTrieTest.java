package io.distdb.storage.trie;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.distdb.storage.Bytes;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.NavigableSet;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RadixTrieTest {

    private static final int ALL = Integer.MAX_VALUE;
    private static final HexFormat HEX = HexFormat.of();

    // --- The word search example -------------------------------------------------------------------

    private static RadixTrie words(String... words) {
        RadixTrie trie = new RadixTrie();
        for (String word : words) {
            assertTrue(trie.insert(b(word)), word);
        }
        return trie;
    }

    private static RadixTrie seedWords() {
        return words("trifecta", "tribute", "trinket", "triumph", "trial", "triathlon");
    }

    @Test
    void findsTheWordsThatStartWithAPrefix() {
        RadixTrie trie = seedWords();

        assertEquals(List.of("trial", "triathlon"), search(trie, "tria", ALL, false));
        assertEquals(List.of("triathlon"), search(trie, "triat", ALL, false));
        assertEquals(List.of("trial", "triathlon", "tribute", "trifecta", "trinket", "triumph"),
                search(trie, "tri", ALL, false));
        assertEquals(6, trie.size());
        trie.checkStructure();
    }

    @Test
    void stopsAtTheLimit() {
        RadixTrie trie = seedWords();

        assertEquals(List.of("trial", "triathlon"), search(trie, "tri", 2, false));
        assertEquals(List.of("trial"), search(trie, "tria", 1, false));
        assertEquals(List.of(), search(trie, "tri", 0, false));
    }

    @Test
    void searchesDescending() {
        RadixTrie trie = seedWords();

        assertEquals(List.of("triumph", "trinket", "trifecta", "tribute", "triathlon", "trial"),
                search(trie, "tri", ALL, true));
        assertEquals(List.of("triathlon", "trial"), search(trie, "tria", ALL, true));
        assertEquals(List.of("triumph", "trinket"), search(trie, "tri", 2, true));
    }

    @Test
    void emptyPrefixMatchesEveryKey() {
        RadixTrie trie = words("b", "a", "ab");

        assertEquals(List.of("a", "ab", "b"), search(trie, "", ALL, false));
        assertEquals(List.of("b", "ab", "a"), search(trie, "", ALL, true));
        assertEquals(List.of(), search(new RadixTrie(), "", ALL, false));
    }

    // --- Edge cases --------------------------------------------------------------------------------

    @Test
    void noMatchGivesAnEmptyList() {
        RadixTrie trie = seedWords();

        assertEquals(List.of(), search(trie, "x", ALL, false)); // no child for the first byte
        assertEquals(List.of(), search(trie, "trix", ALL, false)); // parts at a node
        assertEquals(List.of(), search(trie, "triathlox", ALL, true)); // parts inside an edge
        assertEquals(List.of(), search(trie, "triathlons", ALL, false)); // longer than every key
    }

    @Test
    void aKeyThatIsAPrefixOfAnotherIsListedBeforeIt() {
        RadixTrie trie = words("trial", "tri", "tr", "trials");

        assertEquals(List.of("tri", "trial", "trials"), search(trie, "tri", ALL, false));
        assertEquals(List.of("trials", "trial", "tri"), search(trie, "tri", ALL, true));
        assertEquals(List.of("tr", "tri"), search(trie, "tr", 2, false));
        assertTrue(trie.contains(b("tri")));
        assertFalse(trie.contains(b("t")));
        assertFalse(trie.contains(b("tria")));
        trie.checkStructure();
    }

    @Test
    void insertReportsWhetherTheKeyIsNew() {
        RadixTrie trie = new RadixTrie();

        assertTrue(trie.insert(b("trial")));
        assertFalse(trie.insert(b("trial")));
        assertTrue(trie.insert(b("tri"))); // ends inside an existing edge
        assertFalse(trie.insert(b("tri")));
        assertEquals(2, trie.size());
    }

    @Test
    void deletingAnInnerKeyKeepsTheLongerOnes() {
        RadixTrie trie = words("tri", "trial", "tribute");
        int nodesBefore = trie.checkStructure();

        assertTrue(trie.delete(b("tri")));

        assertFalse(trie.contains(b("tri")));
        assertEquals(List.of("trial", "tribute"), search(trie, "tri", ALL, false));
        assertEquals(2, trie.size());
        assertEquals(nodesBefore, trie.checkStructure()); // "tri" still parts "al" from "bute"
    }

    @Test
    void deletingMergesANodeWithItsOnlyChild() {
        RadixTrie trie = words("tri", "trial");
        assertTrue(trie.delete(b("tri")));
        assertEquals(2, trie.checkStructure()); // root and one "trial" leaf

        trie = words("trial", "tribute");
        assertTrue(trie.delete(b("tribute")));
        assertEquals(2, trie.checkStructure()); // the "tri" fork merged into "al"
        assertEquals(List.of("trial"), search(trie, "tri", ALL, false));
    }

    @Test
    void deletingAnAbsentKeyChangesNothing() {
        RadixTrie trie = words("trial", "tribute");

        assertFalse(trie.delete(b("tri"))); // a fork, not a key
        assertFalse(trie.delete(b("tria"))); // inside an edge
        assertFalse(trie.delete(b("trials"))); // past a leaf
        assertFalse(trie.delete(b("x")));
        assertEquals(2, trie.size());
        assertEquals(List.of("trial", "tribute"), search(trie, "", ALL, false));
    }

    @Test
    void aDeletedKeyCanBeInsertedAgain() {
        RadixTrie trie = seedWords();

        assertTrue(trie.delete(b("triathlon")));
        assertFalse(trie.delete(b("triathlon")));
        assertEquals(List.of("trial"), search(trie, "tria", ALL, false));

        assertTrue(trie.insert(b("triathlon")));
        assertEquals(List.of("trial", "triathlon"), search(trie, "tria", ALL, false));
        assertEquals(6, trie.size());
        trie.checkStructure();
    }

    @Test
    void highBytesSortAfterLowBytes() {
        RadixTrie trie = new RadixTrie();
        byte[][] keys = {
            {(byte) 0xFF}, {0x7F}, {(byte) 0x80}, {0x00}, {0x01, (byte) 0x80}, {0x01, 0x7F}, {(byte) 0x80, 0x00},
        };
        for (byte[] key : keys) {
            trie.insert(key);
        }

        assertEquals(List.of("00", "017f", "0180", "7f", "80", "8000", "ff"), hex(trie.prefixSearch(new byte[0], ALL)));
        assertEquals(List.of("0180", "017f"), hex(trie.prefixSearch(new byte[] {0x01}, ALL, true)));
        assertEquals(List.of("80", "8000"), hex(trie.prefixSearch(new byte[] {(byte) 0x80}, ALL)));
    }

    @Test
    void returnedAndInsertedArraysAreNotShared() {
        RadixTrie trie = new RadixTrie();
        byte[] key = b("trial");
        trie.insert(key);
        key[0] = 'x';
        trie.prefixSearch(b("tri"), ALL).get(0)[0] = 'y';

        assertEquals(List.of("trial"), search(trie, "tri", ALL, false));
    }

    @Test
    void rejectsEmptyAndNullKeysAndBadArguments() {
        RadixTrie trie = new RadixTrie();

        assertThrows(IllegalArgumentException.class, () -> trie.insert(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> trie.delete(new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> trie.contains(new byte[0]));
        assertThrows(NullPointerException.class, () -> trie.insert(null));
        assertThrows(NullPointerException.class, () -> trie.delete(null));
        assertThrows(NullPointerException.class, () -> trie.contains(null));
        assertThrows(NullPointerException.class, () -> trie.prefixSearch(null, 1));
        assertThrows(IllegalArgumentException.class, () -> trie.prefixSearch(b("a"), -1));
        assertEquals(0, trie.size());
    }

    @Test
    void handlesKeysDeeperThanTheThreadStack() {
        RadixTrie trie = new RadixTrie();
        int longest = 3000;
        for (int length = 1; length <= longest; length++) {
            trie.insert(b("a".repeat(length)));
        }

        assertEquals(List.of("a", "aa", "aaa"), search(trie, "a", 3, false));
        assertEquals(List.of("a".repeat(longest)), search(trie, "a", 1, true));
        assertEquals(longest, trie.prefixSearch(b("a"), ALL).size());
    }

    // --- Against a reference set -------------------------------------------------------------------

    /** Few distinct bytes, at both ends of the unsigned range, so that keys share prefixes often. */
    private static final byte[] ALPHABET = {0x00, 0x7F, (byte) 0x80, (byte) 0xFF};
    private static final int[] LIMITS = {0, 1, 2, 5, 17, ALL};

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3})
    void matchesASortedSetUnderRandomInsertsAndDeletes(long seed) {
        Random random = new Random(seed);
        RadixTrie trie = new RadixTrie();
        NavigableSet<byte[]> expected = new TreeSet<>(Bytes.ORDER);

        for (int op = 0; op < 4000; op++) {
            byte[] key = randomBytes(random, 1 + random.nextInt(6));
            if (random.nextInt(10) < 6) {
                assertEquals(expected.add(key), trie.insert(key), () -> "insert " + HEX.formatHex(key));
            } else {
                assertEquals(expected.remove(key), trie.delete(key), () -> "delete " + HEX.formatHex(key));
            }
            assertEquals(expected.size(), trie.size());
            byte[] probe = randomBytes(random, 1 + random.nextInt(6));
            assertEquals(expected.contains(probe), trie.contains(probe));
            for (int i = 0; i < 3; i++) {
                byte[] prefix = randomBytes(random, random.nextInt(5));
                int limit = LIMITS[random.nextInt(LIMITS.length)];
                boolean descending = random.nextBoolean();
                assertSameSearch(expected, trie, prefix, limit, descending);
            }
            if (op % 250 == 0) {
                trie.checkStructure();
            }
        }

        trie.checkStructure();
        for (byte[] prefix : allPrefixesUpTo(3)) {
            assertSameSearch(expected, trie, prefix, ALL, false);
            assertSameSearch(expected, trie, prefix, ALL, true);
        }
    }

    @Test
    void isEmptyAfterEveryKeyIsDeleted() {
        Random random = new Random(7);
        RadixTrie trie = new RadixTrie();
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            byte[] key = randomBytes(random, 1 + random.nextInt(6));
            if (trie.insert(key)) {
                keys.add(key);
            }
        }
        Collections.shuffle(keys, random);

        for (int i = 0; i < keys.size(); i++) {
            assertTrue(trie.delete(keys.get(i)));
            if (i % 100 == 0) {
                trie.checkStructure();
            }
        }

        assertEquals(0, trie.size());
        assertTrue(trie.isEmpty());
        assertEquals(1, trie.checkStructure(), "only the root is left");
        assertEquals(List.of(), trie.prefixSearch(new byte[0], ALL));
    }

    private static void assertSameSearch(NavigableSet<byte[]> expected, RadixTrie trie, byte[] prefix, int limit,
            boolean descending) {
        byte[] end = Bytes.prefixEnd(prefix);
        NavigableSet<byte[]> matching = end == null ? expected.tailSet(prefix, true) : expected.subSet(prefix, true, end, false);
        if (descending) {
            matching = matching.descendingSet();
        }
        List<String> want = matching.stream().limit(limit).map(HEX::formatHex).toList();
        assertEquals(want, hex(trie.prefixSearch(prefix, limit, descending)),
                () -> "prefix " + HEX.formatHex(prefix) + " limit " + limit + (descending ? " desc" : " asc"));
    }

    private static List<byte[]> allPrefixesUpTo(int length) {
        List<byte[]> prefixes = new ArrayList<>();
        prefixes.add(new byte[0]);
        for (int start = 0; start < prefixes.size(); start++) {
            byte[] prefix = prefixes.get(start);
            if (prefix.length < length) {
                for (byte next : ALPHABET) {
                    byte[] longer = Arrays.copyOf(prefix, prefix.length + 1);
                    longer[prefix.length] = next;
                    prefixes.add(longer);
                }
            }
        }
        return prefixes;
    }

    private static byte[] randomBytes(Random random, int length) {
        byte[] bytes = new byte[length];
        for (int i = 0; i < length; i++) {
            bytes[i] = ALPHABET[random.nextInt(ALPHABET.length)];
        }
        return bytes;
    }

    // --- Concurrency -------------------------------------------------------------------------------

    @Test
    void readersAndWritersRunTogether() throws Exception {
        RadixTrie trie = new RadixTrie();
        int stableKeys = 200;
        int keysPerWriter = 2000;
        for (int i = 0; i < stableKeys; i++) {
            trie.insert(b(String.format("stable/%04d", i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        CountDownLatch start = new CountDownLatch(1);
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch writersLeft = new CountDownLatch(2);
        try {
            List<Future<?>> tasks = new ArrayList<>();
            for (int w = 0; w < 2; w++) {
                String name = "w" + w + "/";
                tasks.add(pool.submit(() -> {
                    await(start);
                    try {
                        for (int i = 0; i < keysPerWriter; i++) {
                            assertTrue(trie.insert(b(name + String.format("%05d", i))));
                        }
                        for (int i = 1; i < keysPerWriter; i += 2) {
                            assertTrue(trie.delete(b(name + String.format("%05d", i))));
                        }
                    } finally {
                        writersLeft.countDown();
                    }
                    return null;
                }));
            }
            for (int r = 0; r < 2; r++) {
                boolean descending = r == 1;
                tasks.add(pool.submit(() -> {
                    await(start);
                    int rounds = 0;
                    while (writing.get() || rounds < 10) {
                        assertEquals(stableKeys, trie.prefixSearch(b("stable/"), ALL).size());
                        assertTrue(trie.contains(b("stable/0042")));
                        List<String> found = search(trie, "w", 50, descending);
                        for (int i = 0; i < found.size(); i++) {
                            assertTrue(found.get(i).startsWith("w"));
                            if (i > 0) {
                                int order = found.get(i - 1).compareTo(found.get(i));
                                assertTrue(descending ? order > 0 : order < 0, found.toString());
                            }
                        }
                        rounds++;
                    }
                    return null;
                }));
            }
            start.countDown();
            assertTrue(writersLeft.await(60, TimeUnit.SECONDS));
            writing.set(false);
            for (Future<?> task : tasks) {
                task.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertEquals(stableKeys + keysPerWriter, trie.size());
        for (int w = 0; w < 2; w++) {
            List<String> expected = new ArrayList<>();
            for (int i = 0; i < keysPerWriter; i += 2) {
                expected.add("w" + w + "/" + String.format("%05d", i));
            }
            assertEquals(expected, search(trie, "w" + w + "/", ALL, false));
        }
        trie.checkStructure();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    // --- Helpers -----------------------------------------------------------------------------------

    private static byte[] b(String text) {
        return text.getBytes(UTF_8);
    }

    private static List<String> search(RadixTrie trie, String prefix, int limit, boolean descending) {
        return trie.prefixSearch(b(prefix), limit, descending).stream().map(key -> new String(key, UTF_8)).toList();
    }

    private static List<String> hex(List<byte[]> keys) {
        return keys.stream().map(HEX::formatHex).toList();
    }
}
