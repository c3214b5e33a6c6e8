package io.distdb.sql.ast;

import java.util.List;

/**
 * A query: an optional WITH list, a body, and the ORDER BY / LIMIT / OFFSET that apply to the whole body.
 * A parenthesized query inside a set operation or FROM is a Query of its own.
 */
public record Query(List<Cte> with, Body body, List<OrderItem> orderBy, Expr limit, Expr offset, int pos) {

    public Query {
        with = List.copyOf(with);
        orderBy = List.copyOf(orderBy);
    }

    /** What produces the rows. */
    public sealed interface Body {
    }

    /** One {@code SELECT ... FROM ... WHERE ... GROUP BY ... HAVING ...}. {@code from} empty for SELECT without FROM. */
    public record Select(boolean distinct, List<SelectItem> items, List<FromItem> from, Expr where, List<Expr> groupBy,
                         Expr having, int pos) implements Body {
        public Select {
            items = List.copyOf(items);
            from = List.copyOf(from);
            groupBy = List.copyOf(groupBy);
        }
    }

    /** {@code left UNION|INTERSECT|EXCEPT [ALL] right}; INTERSECT binds tighter than UNION and EXCEPT. */
    public record SetOperation(SetOp op, boolean all, Body left, Body right) implements Body {
    }

    public enum SetOp { UNION, INTERSECT, EXCEPT }

    /** {@code VALUES (..), (..)}. */
    public record Values(List<List<Expr>> rows, int pos) implements Body {
        public Values {
            rows = rows.stream().map(List::copyOf).toList();
        }
    }

    /** A parenthesized query used as a body: {@code (SELECT ... ORDER BY ... LIMIT 1) UNION ...}. */
    public record Nested(Query query) implements Body {
    }

    /** {@code name [(columns)] AS (query)}. */
    public record Cte(String name, List<String> columns, Query query) {
        public Cte {
            columns = List.copyOf(columns);
        }
    }

    /** A select-list entry: an expression (possibly a {@link Expr.Star}) with its alias or {@code null}. */
    public record SelectItem(Expr expr, String alias) {
    }

    /** {@code expr [ASC|DESC] [NULLS FIRST|LAST]}; {@code nullsFirst} null when not written. */
    public record OrderItem(Expr expr, boolean descending, Boolean nullsFirst) {
    }
}
