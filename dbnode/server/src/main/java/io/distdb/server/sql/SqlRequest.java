package io.distdb.server.sql;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The body of {@code POST /sql}: {@code {"sql": "...", "params": [...]}}. {@code params} is optional; its values
 * (strings, numbers, booleans, null, objects and arrays) bind to the statement's {@code ?} placeholders in order.
 */
public record SqlRequest(String sql, List<JsonNode> params) {
}
