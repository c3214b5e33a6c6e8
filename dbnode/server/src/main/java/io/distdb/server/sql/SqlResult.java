package io.distdb.server.sql;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/**
 * The response of every statement: {@code columns} and {@code rows} (values as JSON: numbers, text,
 * booleans, JSON, timestamps as ISO-8601 text); DDL and DML leave them empty and set {@code rowsAffected}.
 */
public record SqlResult(List<String> columns, List<List<Object>> rows,
                        @JsonInclude(JsonInclude.Include.NON_NULL) Long rowsAffected) {

    public static SqlResult affected(long n) {
        return new SqlResult(List.of(), List.of(), n);
    }

    /** One text column, one row per line (EXPLAIN). */
    public static SqlResult lines(String column, List<String> lines) {
        return new SqlResult(List.of(column), lines.stream().map(l -> List.<Object>of(l)).toList(), null);
    }
}
