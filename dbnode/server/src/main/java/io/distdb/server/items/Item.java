package io.distdb.server.items;

import com.fasterxml.jackson.databind.JsonNode;

/** A DynamoDB-style item: a JSON object stored under a partition key and a sort key (as stored, on reads). */
public record Item(String pk, String sk, JsonNode value) {
}
