package io.distdb.sql.parser;

import java.util.Set;

/**
 * Which words the parser reserves. The list follows PostgreSQL's reserved keywords plus those it reserves
 * for types and functions (JOIN, LEFT, LIKE, IS ...), so that any other word, including keywords such as
 * {@code key}, {@code value}, {@code text}, {@code date}, {@code first} or {@code set}, can name a table,
 * a column or an alias. Keywords are matched on the folded word of an unquoted token; a quoted identifier
 * is never a keyword.
 */
public final class Keywords {

    /** Words that can never be an identifier or a bare alias (they may follow {@code AS} in a select list). */
    public static final Set<String> RESERVED = Set.of(
            // PostgreSQL's reserved keywords
            "all", "analyse", "analyze", "and", "any", "array", "as", "asc", "asymmetric", "both", "case", "cast",
            "check", "collate", "column", "constraint", "create", "current_catalog", "current_date",
            "current_role", "current_time", "current_timestamp", "current_user", "default", "deferrable", "desc",
            "distinct", "do", "else", "end", "except", "false", "fetch", "for", "foreign", "from", "grant",
            "group", "having", "in", "initially", "intersect", "into", "lateral", "leading", "limit",
            "localtime", "localtimestamp", "not", "null", "offset", "on", "only", "or", "order", "placing",
            "primary", "references", "returning", "select", "session_user", "some", "symmetric", "system_user",
            "table", "then", "to", "trailing", "true", "union", "unique", "user", "using", "variadic", "when",
            "where", "window", "with",
            // reserved except as a function or type name
            "authorization", "binary", "collation", "concurrently", "cross", "current_schema", "freeze", "full",
            "ilike", "inner", "is", "isnull", "join", "left", "like", "natural", "notnull", "outer", "overlaps",
            "right", "similar", "tablesample", "verbose");

    /** Reserved words that may still name a function: {@code left(s, 2)}, {@code right(s, 2)}. */
    public static final Set<String> FUNCTION_NAMES = Set.of("left", "right", "collation", "current_schema");

    /**
     * Non-reserved words that change how an expression reads when they appear as a bare word (a typed literal
     * {@code timestamp '...'}, {@code exists(...)}, {@code extract(...)}); the printer quotes identifiers
     * spelled like these so that its output always reads back the same.
     */
    public static final Set<String> SPECIAL = Set.of(
            "at", "between", "bit", "char", "character", "double", "escape", "exists", "extract", "filter",
            "interval", "national", "over", "overlay", "position", "row", "substring", "time", "timestamp",
            "trim", "values", "within", "nulls", "first", "last", "rows", "next");

    private Keywords() {
    }

    public static boolean isReserved(String word) {
        return RESERVED.contains(word);
    }
}
