/**
 * The PostgreSQL wire protocol (version 3) in front of the SQL engine of {@code dbnode/sql}: the message codec
 * ({@code protocol}), authentication ({@code auth}), value formats ({@code types}), the answers to the catalog
 * queries clients send ({@code introspection}) and one connection's conversation ({@code PgConnection}).
 * Quarkus-free: the data node starts {@link io.distdb.pgwire.PgWireServer} on its own Vert.x.
 */
package io.distdb.pgwire;
