package io.distdb.server.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * The body of {@code POST /sql}: {@code {"sql": "...", "params": [...], "timeoutMs": 5000}}. {@code params} is
 * optional; its values (strings, numbers, booleans, null, objects and arrays) bind to the statement's
 * placeholders in order. {@code timeoutMs} (optional) replaces the node's statement timeout for this request.
 */
public record SqlRequest(String sql, List<JsonNode> params, Long timeoutMs) {

    long timeoutMillis() {
        return timeoutMs == null ? 0 : Math.max(0, timeoutMs);
    }
}
