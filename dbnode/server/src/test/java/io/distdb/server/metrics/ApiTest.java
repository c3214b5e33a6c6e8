package io.distdb.server.metrics;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** Which API a request path is counted under, and whom a failed wire-protocol statement is blamed on. */
class ApiTest {

    @Test
    void everyClientPathBelongsToItsApi() {
        assertEquals(Api.ITEMS, Api.ofPath("/api/v1/items/user-1/profile"));
        assertEquals(Api.ITEMS, Api.ofPath("/api/v1/query_begins/user-1/a/asc"));
        assertEquals(Api.ITEMS, Api.ofPath("/api/v1/both_between/a/b/c/d/asc"));
        assertEquals(Api.ITEMS, Api.ofPath("/query_pk_sk_begins/u/a/desc"));
        assertEquals(Api.ITEMS, Api.ofPath("/both_between/a/b/c/d/asc"));
        assertEquals(Api.KV, Api.ofPath("/api/v1/kv/cafe01"));
        assertEquals(Api.KV, Api.ofPath("/"));
        assertEquals(Api.WORDS, Api.ofPath("/api/v1/words"));
        assertEquals(Api.WORDS, Api.ofPath("/search"));
        assertEquals(Api.DOCUMENTS, Api.ofPath("/api/v1/documents/books/1"));
        assertEquals(Api.SQL, Api.ofPath("/sql"));
    }

    @Test
    void healthAndTheApiDescriptionAreNotCounted() {
        assertNull(Api.ofPath("/q/health/ready"));
        assertNull(Api.ofPath("/q/openapi"));
        assertNull(Api.ofPath("/api/v1/unknown"));
        assertNull(Api.ofPath("/sqlx"));
    }

    @Test
    void serverSideSqlStatesAreTheServersErrors() {
        assertEquals(RequestMetrics.ErrorKind.SERVER, PgWireStatementTimer.errorOf("57014")); // cancelled, timed out
        assertEquals(RequestMetrics.ErrorKind.SERVER, PgWireStatementTimer.errorOf("XX000"));
        assertEquals(RequestMetrics.ErrorKind.SERVER, PgWireStatementTimer.errorOf("53200")); // memory budget
        assertEquals(RequestMetrics.ErrorKind.CLIENT, PgWireStatementTimer.errorOf("42601")); // syntax
        assertEquals(RequestMetrics.ErrorKind.CLIENT, PgWireStatementTimer.errorOf("23505")); // unique violation
    }
}
