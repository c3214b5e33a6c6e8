package io.distdb.server.metrics;

/** The client APIs whose requests the node counts and times: the {@code api} label of the request metrics. */
enum Api {
    ITEMS, KV, WORDS, DOCUMENTS, SQL, PGWIRE;

    /** The label value. */
    String label() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /**
     * The API an HTTP request path belongs to, or null for a path that is none of them (health, OpenAPI, ...).
     * Covers the {@code /api/v1/...} paths and the seed's short ones ({@code docs/api.md}).
     */
    static Api ofPath(String path) {
        if (path.startsWith("/api/v1/")) {
            String rest = path.substring("/api/v1/".length());
            if (rest.startsWith("items/") || rest.startsWith("query_") || rest.startsWith("both_between/")) {
                return ITEMS;
            }
            if (rest.startsWith("kv/")) {
                return KV;
            }
            if (rest.startsWith("words")) {
                return WORDS;
            }
            if (rest.startsWith("documents/")) {
                return DOCUMENTS;
            }
            return null;
        }
        if (path.equals("/")) {
            return KV;
        }
        if (path.startsWith("/query_") || path.startsWith("/both_between/")) {
            return ITEMS;
        }
        if (path.startsWith("/search")) {
            return WORDS;
        }
        if (path.equals("/sql") || path.startsWith("/sql/")) {
            return SQL;
        }
        return null;
    }
}
