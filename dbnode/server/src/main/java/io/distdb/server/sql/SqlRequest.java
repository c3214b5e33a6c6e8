package io.distdb.server.sql;

/** The body of {@code POST /sql}: {@code {"sql": "..."}}. */
public record SqlRequest(String sql) {
}
