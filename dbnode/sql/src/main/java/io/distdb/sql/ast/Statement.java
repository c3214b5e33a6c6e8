package io.distdb.sql.ast;

import java.util.List;

/** One parsed statement. */
public sealed interface Statement {

    /** A SELECT, VALUES, set operation or WITH query. */
    record QueryStatement(Query query) implements Statement {
    }

    record Explain(Statement statement, boolean analyze) implements Statement {
    }

    /**
     * {@code INSERT INTO t [(cols)] {VALUES ... | query | DEFAULT VALUES} [ON CONFLICT ...] [RETURNING ...]}.
     * In VALUES rows, a {@code DEFAULT} keyword is a {@link Expr.Default} expression. {@code source} is
     * {@code null} for DEFAULT VALUES.
     */
    record Insert(String table, List<String> columns, Query source, OnConflict onConflict,
                  List<Query.SelectItem> returning, int pos) implements Statement {
        public Insert {
            columns = List.copyOf(columns);
            returning = List.copyOf(returning);
        }
    }

    /**
     * {@code ON CONFLICT [(target cols)] DO NOTHING} ({@code set} empty, {@code doNothing}) or
     * {@code DO UPDATE SET ... [WHERE ...]}; {@code excluded.col} names the proposed row.
     */
    record OnConflict(List<String> target, boolean doNothing, List<Assignment> set, Expr where) {
        public OnConflict {
            target = List.copyOf(target);
            set = List.copyOf(set);
        }
    }

    /** {@code col = expr}; {@code value} is a {@link Expr.Default} for {@code col = DEFAULT}. */
    record Assignment(String column, Expr value) {
    }

    record Update(FromItem.Table table, List<Assignment> set, Expr where, List<Query.SelectItem> returning, int pos)
            implements Statement {
        public Update {
            set = List.copyOf(set);
            returning = List.copyOf(returning);
        }
    }

    record Delete(FromItem.Table table, Expr where, List<Query.SelectItem> returning, int pos) implements Statement {
        public Delete {
            returning = List.copyOf(returning);
        }
    }

    /**
     * {@code CREATE TABLE [IF NOT EXISTS] name (columns and constraints)} or {@code CREATE TABLE name AS query}
     * ({@code asQuery} non-null, {@code columns} then only names with a null type).
     */
    record CreateTable(String name, boolean ifNotExists, List<ColumnSpec> columns, List<String> primaryKey,
                       List<List<String>> uniques, Query asQuery, int pos) implements Statement {
        public CreateTable {
            columns = List.copyOf(columns);
            primaryKey = List.copyOf(primaryKey);
            uniques = uniques.stream().map(List::copyOf).toList();
        }
    }

    /** A column definition; {@code defaultValue} {@code null} when none. */
    record ColumnSpec(String name, TypeName type, boolean notNull, boolean primaryKey, boolean unique, Expr defaultValue) {
    }

    record DropTable(List<String> names, boolean ifExists, boolean cascade) implements Statement {
        public DropTable {
            names = List.copyOf(names);
        }
    }

    /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] [name] ON t [USING method] (cols)}; method btree or hash, lower case. */
    record CreateIndex(String name, String table, List<String> columns, boolean unique, boolean ifNotExists, String method)
            implements Statement {
        public CreateIndex {
            columns = List.copyOf(columns);
        }
    }

    /** {@code DROP INDEX [IF EXISTS] name [ON table]}. */
    record DropIndex(String name, boolean ifExists, String table) implements Statement {
    }

    /** {@code CREATE [OR REPLACE] VIEW name [(cols)] AS query}; {@code queryText} is the query as written. */
    record CreateView(String name, List<String> columns, Query query, String queryText, boolean orReplace)
            implements Statement {
        public CreateView {
            columns = List.copyOf(columns);
        }
    }

    record DropView(List<String> names, boolean ifExists) implements Statement {
        public DropView {
            names = List.copyOf(names);
        }
    }

    record AlterTable(String table, boolean ifExists, List<AlterAction> actions) implements Statement {
        public AlterTable {
            actions = List.copyOf(actions);
        }
    }

    sealed interface AlterAction {
        record AddColumn(ColumnSpec column, boolean ifNotExists) implements AlterAction {
        }

        record DropColumn(String column, boolean ifExists) implements AlterAction {
        }

        record RenameColumn(String from, String to) implements AlterAction {
        }

        record RenameTable(String to) implements AlterAction {
        }

        /** {@code ALTER [COLUMN] c SET DEFAULT e} / {@code DROP DEFAULT} ({@code value} null). */
        record SetDefault(String column, Expr value) implements AlterAction {
        }

        /** {@code ALTER [COLUMN] c SET NOT NULL} / {@code DROP NOT NULL}. */
        record SetNotNull(String column, boolean notNull) implements AlterAction {
        }
    }

    record Truncate(List<String> tables) implements Statement {
        public Truncate {
            tables = List.copyOf(tables);
        }
    }

    /** {@code BEGIN}, {@code START TRANSACTION}, {@code COMMIT}/{@code END}, {@code ROLLBACK}/{@code ABORT}. */
    record Transaction(Kind kind) implements Statement {
        public enum Kind { BEGIN, COMMIT, ROLLBACK }
    }

    /** {@code SET name {=|TO} value} and {@code SET SESSION ...}; value as written, unquoted. */
    record Set(String name, String value) implements Statement {
    }

    /**
     * {@code COPY table [(cols)] FROM STDIN [[WITH] options]} ({@code from}), or {@code COPY table [(cols)]
     * TO STDOUT} / {@code COPY (query) TO STDOUT} ({@code query} non-null, {@code table} then null).
     * {@code columns} empty means every visible column, in order.
     */
    record Copy(String table, List<String> columns, Query query, boolean from, io.distdb.sql.ast.CopyOptions options,
                int pos) implements Statement {
        public Copy {
            columns = List.copyOf(columns);
        }
    }

    /** {@code SHOW name}. */
    record Show(String name) implements Statement {
    }
}
