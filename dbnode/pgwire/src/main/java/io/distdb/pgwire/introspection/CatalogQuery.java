package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;

import java.util.Optional;

/** One family of client catalog queries: recognizes its queries and answers them; empty for any other statement. */
interface CatalogQuery {

    /** Who asks: the database and user the connection named at startup. */
    record Client(String database, String user) {
    }

    Optional<SqlResult> answer(QueryText q, Client client);
}
