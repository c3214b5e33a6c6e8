package io.distdb.server.words;

import io.distdb.server.api.ApiException;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.Namespace;
import io.distdb.server.store.NodeStorage;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import io.distdb.storage.trie.PrefixIndex;
import jakarta.inject.Singleton;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of seed 004: each word is durable as a key {@code WORDS <word>} in the store, and searched
 * through a radix trie that is rebuilt from those keys at start-up. Any prefix works, down to the empty
 * one (seed 004 could not search prefixes shorter than its shard prefix).
 */
@Singleton
public class WordIndex {

    private static final Logger LOG = Logger.getLogger(WordIndex.class);
    private static final byte[] EMPTY = new byte[0];

    private final KvStore store;
    private final ClientLimits limits;
    private final PrefixIndex trie = new PrefixIndex(Namespace.WORDS.prefix());
    /** The store and the trie are two structures; one writer at a time keeps them equal. */
    private final Object writeLock = new Object();

    public WordIndex(NodeStorage storage, ClientLimits limits) {
        this.store = storage.store();
        this.limits = limits;
        long started = System.nanoTime();
        try (KvIterator it = store.scan(ScanRange.prefix(Namespace.WORDS.prefix()))) {
            while (it.hasNext()) {
                trie.add(it.next().key());
            }
        }
        LOG.infof("word index rebuilt: %d words in %d ms", trie.size(), (System.nanoTime() - started) / 1_000_000);
    }

    /** Adds a word; {@code false} if it was already there. */
    public boolean add(String word) {
        byte[] key = key(word);
        synchronized (writeLock) {
            if (trie.contains(key)) {
                return false;
            }
            store.put(key, EMPTY);
            trie.add(key);
            return true;
        }
    }

    /** Removes a word; {@code false} if it was not there. */
    public boolean remove(String word) {
        byte[] key = key(word);
        synchronized (writeLock) {
            if (!trie.contains(key)) {
                return false;
            }
            store.delete(key);
            trie.remove(key);
            return true;
        }
    }

    /** Up to {@code limit} words that begin with {@code prefix}, in ascending order (Unicode code points). */
    public List<String> search(String prefix, int limit) {
        List<byte[]> found = trie.search(prefix.getBytes(StandardCharsets.UTF_8), limit);
        List<String> words = new ArrayList<>(found.size());
        for (byte[] word : found) {
            words.add(new String(word, StandardCharsets.UTF_8));
        }
        return words;
    }

    public int size() {
        return trie.size();
    }

    private byte[] key(String word) {
        if (word == null) {
            throw ApiException.badRequest("field 'word' is required");
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        limits.checkKey("word", bytes);
        return Namespace.WORDS.key().raw(bytes).build();
    }
}
