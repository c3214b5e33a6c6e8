package io.distdb.server.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.Bytes;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * The HTTP answer to a statement: {@code columns}, their PostgreSQL {@code types}, and {@code rows} with values
 * as JSON (integers and NUMERIC as exact numbers, doubles as numbers or the strings {@code "NaN"},
 * {@code "Infinity"}, {@code "-Infinity"}, dates and timestamps as ISO-8601 text, BYTEA as {@code \x...} hex
 * text, JSON as JSON); statements that change rows leave {@code columns} and {@code rows} empty and set
 * {@code rowsAffected}; {@code command} is PostgreSQL's completion tag.
 */
public record SqlResponse(List<String> columns, @JsonInclude(JsonInclude.Include.NON_EMPTY) List<String> types,
                          List<List<Object>> rows, @JsonInclude(JsonInclude.Include.NON_NULL) Long rowsAffected,
                          @JsonInclude(JsonInclude.Include.NON_NULL) String command) {

    static SqlResponse of(SqlResult result) {
        List<String> names = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (SqlResult.Column c : result.columns()) {
            names.add(c.name());
            types.add(c.type().sqlName());
        }
        List<List<Object>> rows = new ArrayList<>(result.rows().size());
        for (Object[] row : result.rows()) {
            List<Object> out = new ArrayList<>(row.length);
            for (Object v : row) {
                out.add(json(v));
            }
            rows.add(out);
        }
        Long affected = result.hasRows() && !result.commandTag().startsWith("INSERT") && !result.commandTag().startsWith("UPDATE")
                && !result.commandTag().startsWith("DELETE") ? null : result.rowsAffected();
        return new SqlResponse(names, types, rows, affected, result.commandTag());
    }

    private static Object json(Object v) {
        if (v == null || v instanceof Long || v instanceof String || v instanceof Boolean || v instanceof BigDecimal
                || v instanceof JsonNode) {
            return v;
        }
        if (v instanceof Double d) {
            return Double.isFinite(d) ? d : d.isNaN() ? "NaN" : d > 0 ? "Infinity" : "-Infinity";
        }
        if (v instanceof Instant || v instanceof LocalDate || v instanceof Bytes) {
            return v.toString();
        }
        return io.distdb.sql.types.Values.toText(v);
    }
}
