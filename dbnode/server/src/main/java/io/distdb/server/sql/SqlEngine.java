package io.distdb.server.sql;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.server.documents.DocumentStore;
import io.distdb.server.store.ClientLimits;
import io.distdb.server.store.NodeStorage;
import jakarta.inject.Singleton;

import java.util.List;

/** The node's SQL engine as a bean: one {@link SqlDatabase} over the node's store, its catalog loaded at start-up. */
@Singleton
public class SqlEngine {

    private final SqlDatabase database;

    public SqlEngine(NodeStorage storage, DocumentStore documents, ClientLimits limits, ObjectMapper json) {
        this.database = new SqlDatabase(storage.store(), documents, limits, json);
    }

    /** Runs one statement; also the hook for benchmarks. */
    public SqlResult execute(String sql) {
        return database.execute(sql);
    }

    /** Runs one statement with its {@code ?} placeholders bound by position to {@code params}. */
    public SqlResult execute(String sql, List<?> params) {
        return database.execute(sql, params);
    }

    public SqlDatabase database() {
        return database;
    }
}
