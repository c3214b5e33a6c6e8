package io.distdb.storage.trie;

import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The trie as a map: values, and range walks checked against a sorted map of the same entries. */
class RadixTrieRangeTest {

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void putReplacesValuesAndDeleteForgetsThem() {
        RadixTrie trie = new RadixTrie();
        assertNull(trie.put(b("team"), b("1")));
        assertNull(trie.put(b("tea"), b("2")));
        assertArrayEquals(b("1"), trie.put(b("team"), b("3")));
        assertArrayEquals(b("3"), trie.get(b("team")));
        assertArrayEquals(b("2"), trie.get(b("tea")));
        assertNull(trie.get(b("te")));
        trie.delete(b("tea"));
        assertNull(trie.get(b("tea")));
        assertArrayEquals(b("3"), trie.get(b("team")), "merging the emptied node keeps its child's value");
        assertEquals(1, trie.size());
        trie.checkStructure();
    }

    @Test
    void rangesMatchASortedMapInBothDirections() {
        Random random = new Random(42);
        RadixTrie trie = new RadixTrie();
        NavigableMap<byte[], byte[]> model = new TreeMap<>(Bytes::compare);
        for (int i = 0; i < 3000; i++) {
            byte[] key = randomKey(random);
            if (random.nextInt(4) == 0) {
                trie.delete(key);
                model.remove(key);
            } else {
                byte[] value = b(Integer.toString(i));
                trie.put(key, value);
                model.put(key, value);
            }
        }
        trie.checkStructure();
        for (int i = 0; i < 2000; i++) {
            byte[] from = random.nextInt(5) == 0 ? null : randomKey(random);
            byte[] to = random.nextInt(5) == 0 ? null : randomKey(random);
            int limit = random.nextInt(3) == 0 ? Integer.MAX_VALUE : random.nextInt(20);
            boolean descending = random.nextBoolean();
            List<KeyValue> expected = expected(model, from, to, limit, descending);
            List<KeyValue> actual = trie.range(from, to, limit, descending);
            assertEquals(render(expected), render(actual),
                    "range " + show(from) + ".." + show(to) + " limit " + limit + (descending ? " desc" : ""));
        }
    }

    private static List<KeyValue> expected(NavigableMap<byte[], byte[]> model, byte[] from, byte[] to, int limit, boolean descending) {
        NavigableMap<byte[], byte[]> view = model;
        if (from != null && to != null && Bytes.compare(from, to) >= 0) {
            return List.of();
        }
        if (from != null) {
            view = view.tailMap(from, true);
        }
        if (to != null) {
            view = view.headMap(to, false);
        }
        if (descending) {
            view = view.descendingMap();
        }
        List<KeyValue> out = new ArrayList<>();
        for (Map.Entry<byte[], byte[]> e : view.entrySet()) {
            if (out.size() >= limit) {
                break;
            }
            out.add(new KeyValue(e.getKey(), e.getValue()));
        }
        return out;
    }

    /** Short keys over a small alphabet, so that many share prefixes and bounds fall inside labels. */
    private static byte[] randomKey(Random random) {
        byte[] key = new byte[1 + random.nextInt(6)];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (random.nextInt(4) == 0 ? 0xF0 + random.nextInt(3) : 'a' + random.nextInt(3));
        }
        return key;
    }

    private static List<String> render(List<KeyValue> entries) {
        List<String> out = new ArrayList<>();
        for (KeyValue e : entries) {
            out.add(e.toString());
        }
        return out;
    }

    private static String show(byte[] key) {
        return key == null ? "open" : Bytes.toDisplayString(key);
    }
}
