package io.distdb.server.words;

import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.replication.ClusterKvStore;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.Namespace;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The words of seed 004: each word is a key {@code WORDS <word>} of the replicated keyspace, sharded by its
 * first characters (seed 004's k-prefix), so a search for a prefix at least that long is one ordered scan
 * on one replica set, and a shorter prefix (down to the empty one, which seed 004 could not search) fans
 * out to every node and merges in order.
 */
@Singleton
public class WordIndex {

    private static final byte[] EMPTY = new byte[0];

    private final KvStore store;
    private final ClientLimits limits;

    public WordIndex(ClusterKvStore store, ClientLimits limits) {
        this.store = store;
        this.limits = limits;
    }

    /** Adds a word; {@code false} if it was already there. */
    public boolean add(String word) {
        byte[] key = key(word);
        if (store.get(key) != null) {
            return false;
        }
        store.put(key, EMPTY);
        return true;
    }

    /** Removes a word; {@code false} if it was not there. */
    public boolean remove(String word) {
        byte[] key = key(word);
        if (store.get(key) == null) {
            return false;
        }
        store.delete(key);
        return true;
    }

    /** Up to {@code limit} words that begin with {@code prefix}, in ascending order (Unicode code points). */
    public List<String> search(String prefix, int limit) {
        byte[] start = Namespace.WORDS.key().raw(prefix.getBytes(StandardCharsets.UTF_8)).build();
        List<String> words = new ArrayList<>();
        try (KvIterator it = store.scan(ScanRange.prefix(start).limit(limit))) {
            while (it.hasNext()) {
                byte[] key = it.next().key();
                words.add(new String(key, 1, key.length - 1, StandardCharsets.UTF_8));
            }
        }
        return words;
    }

    private byte[] key(String word) {
        if (word == null) {
            throw new InvalidRequestException("field 'word' is required");
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        limits.checkKey("word", bytes);
        return Namespace.WORDS.key().raw(bytes).build();
    }
}
