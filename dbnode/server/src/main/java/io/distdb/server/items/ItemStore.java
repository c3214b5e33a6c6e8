package io.distdb.server.items;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.replication.ClusterKvStore;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.JsonValues;
import io.distdb.server.store.KeyDecoder;
import io.distdb.server.store.KeyLocks;
import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

/** Items by partition key and sort key, and the seed 000 queries over them, on the node's store. */
@Singleton
public class ItemStore {

    private final ClusterKvStore store;
    private final JsonValues json;
    private final ClientLimits limits;
    /** Writes of one item serialize on its lock, so an update never loses a concurrent write. */
    private final KeyLocks locks = new KeyLocks(256);

    public ItemStore(ClusterKvStore store, JsonValues json, ClientLimits limits) {
        this.store = store;
        this.json = json;
        this.limits = limits;
    }

    public Item put(String pk, String sk, JsonNode value) {
        checkKeys(pk, sk);
        if (!(value instanceof ObjectNode object)) {
            throw new InvalidRequestException("an item must be a JSON object");
        }
        byte[] bytes = json.toBytes(object);
        limits.checkValue("item", bytes);
        byte[] key = ItemKeys.key(pk, sk);
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            store.put(key, bytes);
        } finally {
            lock.unlock();
        }
        // The answer is the stored bytes: writing the tree out a second time would cost as much as storing it.
        return new Item(pk, sk, json.raw(bytes));
    }

    /**
     * Applies a JSON merge patch (RFC 7396) to the item, creating it if absent: fields of {@code patch}
     * replace the item's, {@code null} removes a field, nested objects merge. Atomic against every other
     * write of the same item on this node.
     */
    public Item update(String pk, String sk, JsonNode patch) {
        checkKeys(pk, sk);
        if (!(patch instanceof ObjectNode changes)) {
            throw new InvalidRequestException("an item update must be a JSON object of the fields to change");
        }
        byte[] key = ItemKeys.key(pk, sk);
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            byte[] stored = store.get(key);
            ObjectNode item = stored == null ? json.mapper().createObjectNode() : json.readObject(stored);
            MergePatch.apply(item, changes);
            byte[] bytes = json.toBytes(item);
            limits.checkValue("item", bytes);
            store.put(key, bytes);
            return new Item(pk, sk, json.raw(bytes));
        } finally {
            lock.unlock();
        }
    }

    /** The item, or {@code null}. */
    public Item get(String pk, String sk) {
        checkKeys(pk, sk);
        byte[] value = store.get(ItemKeys.key(pk, sk));
        return value == null ? null : new Item(pk, sk, json.raw(value));
    }

    /**
     * {@link #get} without a thread waiting ({@link ClusterKvStore#getAsync}); {@code diskReads} reads the
     * engine when memory cannot answer. The keys are checked before it returns.
     */
    public CompletableFuture<Item> getAsync(String pk, String sk, Executor diskReads) {
        checkKeys(pk, sk);
        return store.getAsync(ItemKeys.key(pk, sk), diskReads)
                .thenApply(value -> value == null ? null : new Item(pk, sk, json.raw(value)));
    }

    /** Removes the item; {@code false} if there was none. */
    public boolean delete(String pk, String sk) {
        checkKeys(pk, sk);
        byte[] key = ItemKeys.key(pk, sk);
        ReentrantLock lock = locks.of(key);
        lock.lock();
        try {
            if (store.get(key) == null) {
                return false;
            }
            store.delete(key);
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Up to {@code limit} items of {@code query} in {@code order}, continuing after the item a previous
     * page's {@code next} token names ({@code null} to start).
     */
    public ItemPage query(ItemQuery query, Order order, int limit, String next) {
        if (limit < 1) {
            throw new InvalidRequestException("limit must be at least 1, not " + limit);
        }
        byte[] from = query.from();
        byte[] to = query.to();
        if (next != null) {
            byte[] after = decodeToken(next, query);
            if (order == Order.ASC) {
                from = Bytes.successor(after);
            } else {
                to = after;
            }
        }
        ScanRange range = ScanRange.between(from, to);
        if (order == Order.DESC) {
            range = range.descending();
        }
        List<Item> items = new ArrayList<>();
        byte[] lastKey = null;
        boolean more = false;
        try (KvIterator it = store.scan(range)) {
            while (it.hasNext()) {
                KeyValue entry = it.next();
                KeyDecoder decoder = new KeyDecoder(entry.key());
                byte[] pk = decoder.component();
                byte[] sk = decoder.rest();
                if (!query.sortKeys().accepts(sk)) {
                    continue;
                }
                if (items.size() == limit) {
                    more = true;
                    break;
                }
                items.add(new Item(new String(pk, StandardCharsets.UTF_8), new String(sk, StandardCharsets.UTF_8),
                        json.raw(entry.value())));
                lastKey = entry.key();
            }
        }
        return new ItemPage(items, more ? encodeToken(lastKey) : null);
    }

    private void checkKeys(String pk, String sk) {
        limits.checkKey("partition key", pk.getBytes(StandardCharsets.UTF_8));
        limits.checkKey("sort key", sk.getBytes(StandardCharsets.UTF_8));
    }

    private static String encodeToken(byte[] key) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(key);
    }

    private static byte[] decodeToken(String token, ItemQuery query) {
        byte[] key;
        try {
            key = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequestException("'next' is not a continuation token of this API");
        }
        if (!query.covers(key)) {
            throw new InvalidRequestException("'next' does not continue this query; pass the token the previous page returned");
        }
        return key;
    }


}
