package io.distdb.server.sql.pushdown;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.sql.catalog.TableDef;

import java.util.List;

/**
 * What a replica needs to fold its part of an aggregate over one table: the statement, its parameters and
 * the table's definition. The replica plans the statement as the coordinator did and runs its WHERE and
 * grouping over its rows. Sent as JSON.
 */
public record PushedAggregate(String sql, List<JsonNode> params, TableDef table) {
}
