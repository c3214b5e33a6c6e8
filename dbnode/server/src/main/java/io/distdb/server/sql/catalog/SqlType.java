package io.distdb.server.sql.catalog;

import io.distdb.server.sql.SqlErrors;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The column types of the dialect. Values at run time: Long, Long, Double, Boolean, String, Instant, JsonNode. */
public enum SqlType {
    INTEGER, BIGINT, DOUBLE, BOOLEAN, TEXT, TIMESTAMP, JSON;

    private static final Pattern DECLARED = Pattern.compile("(?i)\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\s+PRECISION|\\s+VARYING)?)\\s*(?:\\(\\s*(\\d+)\\s*(?:,\\s*\\d+\\s*)?\\))?\\s*");

    /** A declared type with its optional length (VARCHAR(n)); length 0 means unbounded. */
    public record Declared(SqlType type, int maxLength) {
    }

    /** Maps a declared type name, with the usual aliases, to a dialect type. */
    public static Declared parse(String declared) {
        Matcher m = DECLARED.matcher(declared);
        if (!m.matches()) {
            throw SqlErrors.error("unknown column type '" + declared + "'");
        }
        String name = m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
        int length = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        SqlType type = switch (name) {
            case "INTEGER", "INT", "INT4", "SMALLINT", "INT2", "TINYINT", "MEDIUMINT" -> INTEGER;
            case "BIGINT", "INT8", "LONG" -> BIGINT;
            case "DOUBLE", "DOUBLE PRECISION", "REAL", "FLOAT", "FLOAT4", "FLOAT8", "NUMERIC", "DECIMAL" -> DOUBLE;
            case "BOOLEAN", "BOOL" -> BOOLEAN;
            case "TEXT", "VARCHAR", "CHARACTER VARYING", "CHAR", "CHARACTER", "STRING", "NVARCHAR", "CLOB" -> TEXT;
            case "TIMESTAMP", "DATETIME", "TIMESTAMPTZ" -> TIMESTAMP;
            case "JSON", "JSONB" -> JSON;
            default -> throw SqlErrors.error("unknown column type '" + declared.trim()
                    + "'; use INTEGER, BIGINT, DOUBLE, BOOLEAN, TEXT, TIMESTAMP or JSON");
        };
        boolean lengthApplies = type == TEXT && (name.contains("CHAR"));
        return new Declared(type, lengthApplies ? length : 0);
    }
}
