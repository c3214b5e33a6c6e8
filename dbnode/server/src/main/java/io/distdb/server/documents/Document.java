package io.distdb.server.documents;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A JSON object stored under an id in a collection. */
public record Document(String collection, String id, ObjectNode body) {
}
