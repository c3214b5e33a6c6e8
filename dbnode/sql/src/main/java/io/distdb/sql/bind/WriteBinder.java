package io.distdb.sql.bind;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.FromItem;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.IndexDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.catalog.TableLookup;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.Function;

/**
 * Binds the statements that write: INSERT (with DEFAULT, ON CONFLICT and RETURNING), UPDATE and DELETE.
 * The rows to change are found by an ordinary plan (a scan of the target table with the WHERE clause), so
 * writes use the same access paths as queries.
 */
public final class WriteBinder {

    /** An expression that computes a column's value for a new row (its DEFAULT), or a NULL constant. */
    public record BoundInsert(TableDef table, int[] targetColumns, LogicalPlan source, List<BoundExpr> defaults,
                              BoundConflict onConflict, Returning returning) {
    }

    /**
     * {@code ON CONFLICT}: the unique constraint it names ({@code index} null for the primary key, or for a
     * target-less DO NOTHING: any), and for DO UPDATE the assignments, bound over the existing row (slots
     * 0..n-1) followed by the proposed row {@code excluded} (slots n..2n-1).
     */
    public record BoundConflict(boolean doNothing, boolean anyConstraint, IndexDef index, List<Assignment> set, BoundExpr where) {
    }

    public record Assignment(int column, BoundExpr value) {
    }

    /** RETURNING items over the written row (slots of the table's columns), or none. */
    public record Returning(List<BoundExpr> exprs, List<SqlResult.Column> columns) {
        public boolean isEmpty() {
            return exprs.isEmpty();
        }
    }

    /** UPDATE or DELETE: the plan that finds the rows (table-width rows), and for UPDATE the assignments. */
    public record BoundChange(TableDef table, LogicalPlan rows, List<Assignment> set, Returning returning) {
    }

    private final Binder binder;
    private final TableLookup catalog;
    private final Function<String, Expr> defaultParser;

    public WriteBinder(Binder binder, TableLookup catalog, Function<String, Expr> defaultParser) {
        this.binder = binder;
        this.catalog = catalog;
        this.defaultParser = defaultParser;
    }

    /** The expression binder behind this one: what it learned of parameters' types. */
    public ExpressionBinder expressions() {
        return binder.expressions();
    }

    public BoundInsert insert(Statement.Insert insert) {
        TableDef table = writable(insert.table());
        int[] targets = targets(table, insert.columns());
        List<BoundExpr> defaults = defaults(table);
        LogicalPlan source;
        if (insert.source() == null) {
            source = new LogicalPlan.Values(List.of(List.of()), 0);
            targets = new int[0];
        } else if (insert.source().body() instanceof Query.Values values && insert.source().orderBy().isEmpty()
                && insert.source().limit() == null && insert.source().with().isEmpty()) {
            int n = values.rows().get(0).size();
            for (List<Expr> row : values.rows()) {
                if (row.size() != n) {
                    throw SqlErrors.syntax("VALUES lists must all be the same length", null);
                }
            }
            targets = implicitTargets(insert, targets, n);
            source = valuesRows(table, targets, values, defaults);
        } else {
            Binder.BoundQuery q = binder.bind(insert.source());
            targets = implicitTargets(insert, targets, q.columns().size());
            if (q.columns().size() != targets.length) {
                throw SqlErrors.syntax(q.columns().size() > targets.length ? "INSERT has more expressions than target columns"
                        : "INSERT has more target columns than expressions", null);
            }
            source = q.plan();
        }
        BoundConflict conflict = insert.onConflict() == null ? null : conflict(table, insert.onConflict());
        return new BoundInsert(table, targets, source, defaults, conflict, returning(table, insert.returning()));
    }

    /**
     * The target of rows that arrive as values rather than as a query (COPY FROM): the table, the columns given
     * (every visible one when {@code columns} is empty; 42P01 / 42703 / 42701 as for INSERT) and every column's
     * DEFAULT. The bound insert has no source, no ON CONFLICT and no RETURNING.
     */
    public BoundInsert insertTarget(String tableName, List<String> columns) {
        TableDef table = writable(tableName);
        return new BoundInsert(table, targets(table, columns), null, defaults(table), null, new Returning(List.of(), List.of()));
    }

    /** Without a column list, values fill the first columns in order and the rest take their defaults. */
    private static int[] implicitTargets(Statement.Insert insert, int[] targets, int values) {
        return insert.columns().isEmpty() && values < targets.length ? java.util.Arrays.copyOf(targets, values) : targets;
    }

    private LogicalPlan valuesRows(TableDef table, int[] targets, Query.Values values, List<BoundExpr> defaults) {
        Scope none = Scope.empty(null);
        List<List<BoundExpr>> rows = new ArrayList<>();
        for (List<Expr> row : values.rows()) {
            if (row.size() != targets.length) {
                throw SqlErrors.syntax(row.size() > targets.length ? "INSERT has more expressions than target columns"
                        : "INSERT has more target columns than expressions", null);
            }
            List<BoundExpr> bound = new ArrayList<>();
            for (int i = 0; i < row.size(); i++) {
                Expr cell = row.get(i);
                if (cell instanceof Expr.Param p) {
                    binder.expressions().hintParameterType(p.index(), table.column(targets[i]).type());
                }
                bound.add(cell instanceof Expr.Default ? defaults.get(targets[i])
                        : binder.expressions().bind(cell, none, null));
            }
            rows.add(bound);
        }
        return new LogicalPlan.Values(rows, targets.length);
    }

    public BoundChange update(Statement.Update update) {
        TableDef table = writable(update.table().name());
        Scope scope = tableScope(table, alias(update.table()));
        List<BoundExpr> defaults = defaults(table);
        List<Assignment> set = new ArrayList<>();
        BitSet assigned = new BitSet();
        for (Statement.Assignment a : update.set()) {
            int column = visibleColumn(table, a.column());
            if (assigned.get(column)) {
                throw SqlErrors.syntax("multiple assignments to same column \"" + a.column() + "\"", null);
            }
            assigned.set(column);
            BoundExpr value = a.value() instanceof Expr.Default ? defaults.get(column) : binder.expressions().bind(a.value(), scope, null);
            set.add(new Assignment(column, value));
        }
        return new BoundChange(table, rows(table, scope, update.table(), update.where()), set, returning(table, update.returning()));
    }

    public BoundChange delete(Statement.Delete delete) {
        TableDef table = writable(delete.table().name());
        Scope scope = tableScope(table, alias(delete.table()));
        return new BoundChange(table, rows(table, scope, delete.table(), delete.where()), List.of(), returning(table, delete.returning()));
    }

    /** A scan of {@code table} with {@code where} as its condition; the optimizer picks the access path. */
    private LogicalPlan rows(TableDef table, Scope scope, FromItem.Table ref, Expr where) {
        BitSet read = new BitSet();
        read.set(0, table.columns().size());
        LogicalPlan scan = new LogicalPlan.Scan(table, alias(ref), 0, table.columns().size(), List.of(), null, read,
                catalog.estimatedRows(table));
        if (where == null) {
            return scan;
        }
        return new LogicalPlan.Filter(scan, binder.expressions().condition(where, scope, "WHERE"));
    }

    private BoundConflict conflict(TableDef table, Statement.OnConflict c) {
        IndexDef index = null;
        boolean any = c.target().isEmpty();
        if (!any) {
            List<String> target = c.target();
            if (!sameColumns(target, table.primaryKey())) {
                index = table.indexes().stream().filter(i -> i.unique() && sameColumns(target, i.columns())).findFirst()
                        .orElseThrow(() -> new SqlException("42P10", SqlErrors.GENERAL,
                                "there is no unique or exclusion constraint matching the ON CONFLICT specification"));
            }
        } else if (!c.doNothing()) {
            throw SqlErrors.syntax("ON CONFLICT DO UPDATE requires inference specification or constraint name", null);
        }
        if (c.doNothing()) {
            return new BoundConflict(true, any, index, List.of(), null);
        }
        // Existing row at slots 0..n-1 (by the table's name), the proposed row at n..2n-1 as "excluded".
        List<Scope.Field> fields = new ArrayList<>();
        int n = table.columns().size();
        for (int i = 0; i < n; i++) {
            ColumnDef col = table.columns().get(i);
            fields.add(new Scope.Field(table.name(), col.hidden() ? "\0" + col.name() : col.name(), col.type(), i, false));
        }
        for (int i = 0; i < n; i++) {
            ColumnDef col = table.columns().get(i);
            fields.add(new Scope.Field("excluded", col.hidden() ? "\0" + col.name() : col.name(), col.type(), n + i, true));
        }
        Scope scope = new Scope(fields, null);
        List<Assignment> set = new ArrayList<>();
        for (Statement.Assignment a : c.set()) {
            int column = visibleColumn(table, a.column());
            BoundExpr value = a.value() instanceof Expr.Default ? defaults(table).get(column)
                    : binder.expressions().bind(a.value(), scope, null);
            set.add(new Assignment(column, value));
        }
        BoundExpr where = c.where() == null ? null : binder.expressions().condition(c.where(), scope, "WHERE");
        return new BoundConflict(false, false, index, set, where);
    }

    private Returning returning(TableDef table, List<Query.SelectItem> items) {
        if (items.isEmpty()) {
            return new Returning(List.of(), List.of());
        }
        Scope scope = tableScope(table, table.name());
        List<BoundExpr> exprs = new ArrayList<>();
        List<SqlResult.Column> columns = new ArrayList<>();
        for (Query.SelectItem item : items) {
            if (item.expr() instanceof Expr.Star star) {
                for (Scope.Field f : scope.star(star.qualifier())) {
                    exprs.add(new BoundExpr.Column(f.slot(), f.type(), f.name()));
                    columns.add(new SqlResult.Column(f.name(), f.type()));
                }
                continue;
            }
            BoundExpr e = binder.expressions().bind(item.expr(), scope, null);
            exprs.add(e);
            columns.add(new SqlResult.Column(item.alias() != null ? item.alias() : Binder.outputName(item.expr()),
                    e.type() == SqlType.UNKNOWN ? SqlType.TEXT : e.type()));
        }
        return new Returning(exprs, columns);
    }

    /** Each column's DEFAULT as an expression (a NULL constant when it has none). */
    public List<BoundExpr> defaults(TableDef table) {
        List<BoundExpr> out = new ArrayList<>();
        Scope none = Scope.empty(null);
        for (ColumnDef c : table.columns()) {
            out.add(c.defaultSql() == null ? new BoundExpr.Constant(null, c.type())
                    : binder.expressions().bind(defaultParser.apply(c.defaultSql()), none, null));
        }
        return out;
    }

    /** Binds a DEFAULT expression as written in DDL, to check it and learn its type. */
    public BoundExpr defaultExpression(Expr e) {
        BoundExpr bound = binder.expressions().bind(e, Scope.empty(null), null);
        if (io.distdb.sql.plan.Exprs.hasSubquery(bound)) {
            throw new io.distdb.sql.errors.SqlException("0A000", SqlErrors.UNSUPPORTED, "cannot use subquery in DEFAULT expression");
        }
        return bound;
    }

    private static Scope tableScope(TableDef table, String alias) {
        List<Scope.Field> fields = new ArrayList<>();
        for (int i = 0; i < table.columns().size(); i++) {
            ColumnDef c = table.columns().get(i);
            fields.add(new Scope.Field(alias, c.hidden() ? "\0" + c.name() : c.name(), c.type(), i, c.hidden()));
        }
        return new Scope(fields, null);
    }

    private TableDef writable(String name) {
        TableDef table = catalog.table(null, name);
        if (table == null) {
            if (catalog.view(name) != null) {
                throw SqlErrors.unsupported("writing to the view \"" + name + "\"");
            }
            throw SqlErrors.unknownTable(name);
        }
        return table;
    }

    private static int[] targets(TableDef table, List<String> columns) {
        if (columns.isEmpty()) {
            return table.columns().stream().filter(c -> !c.hidden()).mapToInt(c -> table.columnIndex(c.name())).toArray();
        }
        int[] out = new int[columns.size()];
        BitSet seen = new BitSet();
        for (int i = 0; i < out.length; i++) {
            out[i] = visibleColumn(table, columns.get(i));
            if (seen.get(out[i])) {
                throw new io.distdb.sql.errors.SqlException("42701", SqlErrors.SYNTAX, "column \"" + columns.get(i) + "\" specified more than once");
            }
            seen.set(out[i]);
        }
        return out;
    }

    private static int visibleColumn(TableDef table, String name) {
        int i = table.columnIndex(name);
        if (i < 0 || table.columns().get(i).hidden()) {
            throw SqlErrors.unknownColumn(name + "\" of relation \"" + table.name());
        }
        return i;
    }

    private static boolean sameColumns(List<String> a, List<String> b) {
        return a.size() == b.size() && a.containsAll(b);
    }

    private static String alias(FromItem.Table t) {
        return t.alias() != null ? t.alias() : t.name();
    }
}
