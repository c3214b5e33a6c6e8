package io.distdb.server.items;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** A DynamoDB-style item: a JSON object stored under a partition key and a sort key. */
public record Item(String pk, String sk, ObjectNode value) {
}
