package io.distdb.sql.ast;

import java.util.List;

/** An item of FROM: a table or view, a subquery, or a join of two items. */
public sealed interface FromItem {

    int pos();

    /** {@code [schema.]name [[AS] alias [(column aliases)]]}; names case-folded. */
    record Table(String schema, String name, String alias, List<String> columnAliases, int pos) implements FromItem {
        public Table {
            columnAliases = List.copyOf(columnAliases);
        }
    }

    /** {@code (query) [AS] alias [(column aliases)]}; PostgreSQL 16 makes the alias optional, so may be {@code null}. */
    record Subquery(Query query, String alias, List<String> columnAliases, int pos) implements FromItem {
        public Subquery {
            columnAliases = List.copyOf(columnAliases);
        }
    }

    /**
     * {@code left [NATURAL] type JOIN right [ON cond | USING (cols)]}; a comma in FROM is not a Join but a
     * separate item of the select's FROM list. {@code on} and {@code using} are empty for CROSS and NATURAL.
     */
    record Join(FromItem left, FromItem right, JoinType type, Expr on, List<String> using, boolean natural, int pos)
            implements FromItem {
        public Join {
            using = List.copyOf(using);
        }
    }

    enum JoinType { INNER, LEFT, RIGHT, FULL, CROSS }
}
