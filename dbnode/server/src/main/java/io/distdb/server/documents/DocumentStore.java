package io.distdb.server.documents;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distdb.server.errors.InvalidRequestException;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.JsonValues;
import io.distdb.server.store.KeyDecoder;
import io.distdb.server.store.Namespace;
import io.distdb.storage.Bytes;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.KvStore;
import io.distdb.storage.ScanRange;
import jakarta.inject.Singleton;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * JSON documents by collection and id (the hash-db of seed 000). A collection is a key range
 * {@code DOCUMENTS <collection> <id>}, so listing a collection is an ordered scan by id, and SQL reads a
 * collection as the table {@code documents.<collection>}.
 */
@Singleton
public class DocumentStore {

    private static final Pattern COLLECTION_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private final KvStore store;
    private final JsonValues json;
    private final ClientLimits limits;

    public DocumentStore(KvStore store, JsonValues json, ClientLimits limits) {
        this.store = store;
        this.json = json;
        this.limits = limits;
    }

    /** Stores {@code body} under {@code id}, replacing any document there. */
    public Document put(String collection, String id, JsonNode body) {
        checkCollection(collection);
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        limits.checkKey("document id", idBytes);
        if (!(body instanceof ObjectNode object)) {
            throw new InvalidRequestException("a document must be a JSON object, not " + describe(body));
        }
        byte[] value = json.toBytes(object);
        limits.checkValue("document", value);
        store.put(key(collection, id), value);
        return new Document(collection, id, object);
    }

    /** The document, or {@code null}. */
    public Document get(String collection, String id) {
        checkCollection(collection);
        byte[] value = store.get(key(collection, id));
        return value == null ? null : new Document(collection, id, json.readObject(value));
    }

    /** Removes the document; {@code false} if there was none. */
    public boolean delete(String collection, String id) {
        checkCollection(collection);
        byte[] key = key(collection, id);
        if (store.get(key) == null) {
            return false;
        }
        store.delete(key);
        return true;
    }

    /** Up to {@code limit} documents of a collection with ids after {@code afterId} (exclusive; {@code null} from the start), by id. */
    public List<Document> list(String collection, String afterId, int limit) {
        checkCollection(collection);
        byte[] start = afterId == null ? prefix(collection) : Bytes.successor(key(collection, afterId));
        List<Document> page = new ArrayList<>();
        try (KvIterator it = store.scan(ScanRange.between(start, Bytes.prefixEnd(prefix(collection))).limit(limit))) {
            while (it.hasNext()) {
                page.add(decode(it.next()));
            }
        }
        return page;
    }

    /** Every document of a collection, by id; for SQL scans. */
    public void forEach(String collection, Consumer<Document> action) {
        checkCollection(collection);
        try (KvIterator it = store.scan(ScanRange.prefix(prefix(collection)))) {
            while (it.hasNext()) {
                action.accept(decode(it.next()));
            }
        }
    }

    public static boolean isValidCollectionName(String collection) {
        return collection != null && COLLECTION_NAME.matcher(collection).matches();
    }

    private static void checkCollection(String collection) {
        if (!isValidCollectionName(collection)) {
            throw new InvalidRequestException("collection names are 1 to 128 letters, digits or underscores, starting with a letter or underscore: '"
                    + collection + "'");
        }
    }

    private Document decode(KeyValue entry) {
        KeyDecoder decoder = new KeyDecoder(entry.key());
        String collection = decoder.componentString();
        String id = decoder.restString();
        return new Document(collection, id, json.readObject(entry.value()));
    }

    private static byte[] prefix(String collection) {
        return Namespace.DOCUMENTS.key().component(collection).build();
    }

    private static byte[] key(String collection, String id) {
        return Namespace.DOCUMENTS.key().component(collection).raw(id).build();
    }



    private static String describe(JsonNode node) {
        return node == null ? "nothing" : "a JSON " + node.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
    }
}
