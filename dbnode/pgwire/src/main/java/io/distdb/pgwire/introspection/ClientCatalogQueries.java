package io.distdb.pgwire.introspection;

import io.distdb.sql.SqlEngine;
import io.distdb.sql.SqlResult;

import java.util.List;
import java.util.Optional;

/** Answers the catalog queries psql and JDBC send. */
public final class ClientCatalogQueries {

    public ClientCatalogQueries(SqlEngine engine) {
    }

    public Optional<SqlResult> answer(String sql, List<Object> params) {
        return Optional.empty();
    }

    public Optional<SqlResult> answer(String sql, List<Object> params, String database, String user) {
        return answer(sql, params);
    }

    public boolean recognizes(String sql) {
        return false;
    }
}
