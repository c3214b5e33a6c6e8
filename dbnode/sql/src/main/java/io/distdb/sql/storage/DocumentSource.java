package io.distdb.sql.storage;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The documents API's collections as the SQL engine reads them: the read-only tables
 * {@code documents.<collection>} with columns {@code id} and {@code doc}. The node supplies it.
 */
public interface DocumentSource {

    /** The body of document {@code id}, or {@code null}. */
    JsonNode get(String collection, String id);

    /** Calls {@code visitor} with each document (id, body) until it returns {@code false}. */
    void forEach(String collection, DocumentVisitor visitor);

    /** Whether {@code name} can name a collection at all. */
    boolean isValidCollectionName(String name);

    @FunctionalInterface
    interface DocumentVisitor {
        boolean visit(String id, JsonNode body);
    }

    /** No documents: for engines without a documents store. */
    static DocumentSource none() {
        return new DocumentSource() {
            @Override
            public JsonNode get(String collection, String id) {
                return null;
            }

            @Override
            public void forEach(String collection, DocumentVisitor visitor) {
            }

            @Override
            public boolean isValidCollectionName(String name) {
                return false;
            }
        };
    }
}
