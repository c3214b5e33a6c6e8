package io.distdb.server.sql.pushdown;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.sql.catalog.TableDef;

import java.util.List;

/**
 * What a replica needs to filter and trim the rows of one table of a SELECT before sending them: the
 * statement itself (replicas parse the same text with the same parser, so they find the same conditions;
 * no expression is ever re-printed as SQL), its parameters, which table of its FROM clause this is, the
 * indexes of the AND-ed WHERE and ON conditions that read only this table, and the columns the statement
 * reads. Sent as JSON with every scan page.
 *
 * @param step    the table's position in the FROM clause (0 is the first table, i is the right side of join i)
 * @param where   indexes into the statement's WHERE conjuncts
 * @param on      indexes into the ON conjuncts of this table's join (empty for the first table)
 * @param columns the table's columns the statement reads, by position; the others are sent as NULL
 */
public record PushedScan(String sql, List<JsonNode> params, TableDef table, String alias, int step,
                         List<Integer> where, List<Integer> on, List<Integer> columns) {
}
