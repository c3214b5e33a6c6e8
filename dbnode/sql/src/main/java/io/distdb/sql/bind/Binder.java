package io.distdb.sql.bind;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.FromItem;
import io.distdb.sql.ast.Query;
import io.distdb.sql.catalog.ColumnDef;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.catalog.TableLookup;
import io.distdb.sql.catalog.ViewDef;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.plan.LogicalPlan.AggregateCall;
import io.distdb.sql.plan.LogicalPlan.SortKey;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Turns a parsed query into a logical plan: resolves table, view, CTE and column names against the catalog
 * and the enclosing queries, gives every expression its type (adding the implicit conversions PostgreSQL
 * makes), and builds the relational operators in SQL's order of evaluation: FROM, WHERE, GROUP BY,
 * HAVING, SELECT, DISTINCT, ORDER BY, LIMIT. Nothing here decides how to run the plan; the optimizer does.
 */
public final class Binder {

    /** A bound query: its plan (rows of {@code columns.size()} values) and its result columns. */
    public record BoundQuery(LogicalPlan plan, List<SqlResult.Column> columns) {
    }

    private final TableLookup catalog;
    private final Function<String, Query> viewParser;
    private final ExpressionBinder expressions;
    private final Map<String, BoundQuery> ctes = new HashMap<>();
    private int viewDepth;

    public Binder(TableLookup catalog, Function<String, Query> viewParser) {
        this.catalog = catalog;
        this.viewParser = viewParser;
        this.expressions = new ExpressionBinder(this);
    }

    public ExpressionBinder expressions() {
        return expressions;
    }

    /** Binds a top-level query. */
    public BoundQuery bind(Query query) {
        return bindQuery(query, null);
    }

    /** Binds a query nested in {@code outer} (a subquery); {@code outer} null for a top-level query. */
    BoundQuery bindQuery(Query query, Scope outer) {
        Map<String, BoundQuery> shadowed = new HashMap<>();
        java.util.Set<String> names = new java.util.HashSet<>();
        for (Query.Cte cte : query.with()) {
            if (!names.add(cte.name())) {
                throw new SqlException("42712", SqlErrors.GENERAL, "WITH query name \"" + cte.name() + "\" specified more than once");
            }
        }
        for (Query.Cte cte : query.with()) {
            BoundQuery bound = bindQuery(cte.query(), outer);
            bound = renamed(bound, cte.columns(), cte.name());
            if (ctes.containsKey(cte.name())) {
                shadowed.put(cte.name(), ctes.get(cte.name()));
            }
            ctes.put(cte.name(), bound);
        }
        try {
            if (query.body() instanceof Query.Select select) {
                return bindSelect(select, query.orderBy(), query.limit(), query.offset(), outer);
            }
            BoundQuery body = bindBody(query.body(), outer);
            return orderAndLimit(body, query.orderBy(), query.limit(), query.offset(), outer);
        } finally {
            for (Query.Cte cte : query.with()) {
                ctes.remove(cte.name());
            }
            ctes.putAll(shadowed);
        }
    }

    private BoundQuery bindBody(Query.Body body, Scope outer) {
        if (body instanceof Query.Select select) {
            return bindSelect(select, List.of(), null, null, outer);
        }
        if (body instanceof Query.Nested nested) {
            return bindQuery(nested.query(), outer);
        }
        if (body instanceof Query.Values values) {
            return bindValues(values, outer);
        }
        if (body instanceof Query.SetOperation op) {
            return bindSetOperation(op, outer);
        }
        throw new IllegalStateException("unexpected " + body);
    }

    // ---- SELECT -----------------------------------------------------------------------------------------

    private BoundQuery bindSelect(Query.Select select, List<Query.OrderItem> orderBy, Expr limit, Expr offset, Scope outer) {
        FromClause from = bindFrom(select.from(), outer);
        Scope scope = from.scope;
        LogicalPlan plan = from.plan;
        if (select.where() != null) {
            BoundExpr where = expressions.condition(select.where(), scope, "WHERE");
            plan = new LogicalPlan.Filter(plan, where);
        }

        // Select items, HAVING and ORDER BY are bound against FROM; aggregates become references that the
        // grouping below turns into columns of the aggregation's output.
        Aggregates aggregates = new Aggregates();
        List<BoundExpr> items = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Query.SelectItem item : select.items()) {
            if (item.expr() instanceof Expr.Star star) {
                for (Scope.Field f : scope.star(star.qualifier())) {
                    items.add(f.coalesceSlot() >= 0 && star.qualifier() == null ? ExpressionBinder.mergedColumn(f, 0)
                            : new BoundExpr.Column(f.slot(), f.type(), f.name()));
                    names.add(f.name());
                }
                continue;
            }
            items.add(expressions.bind(item.expr(), scope, aggregates));
            names.add(item.alias() != null ? item.alias() : outputName(item.expr()));
        }
        BoundExpr having = select.having() == null ? null : expressions.condition(select.having(), scope, aggregates, "HAVING");
        List<BoundExpr> groups = new ArrayList<>();
        for (Expr g : select.groupBy()) {
            groups.add(groupExpr(g, scope, select.items(), items));
        }
        if (!groups.isEmpty()) {
            groups.addAll(dependentColumns(plan, groups));
        }

        // ORDER BY: an output column by name or position, else an expression over FROM (added as a hidden
        // column of the projection, removed after sorting).
        List<SortKeySpec> sortSpecs = new ArrayList<>();
        List<BoundExpr> extras = new ArrayList<>();
        for (Query.OrderItem o : orderBy) {
            int position = outputPosition(o.expr(), names, select.items().size() == names.size());
            if (position < 0) {
                BoundExpr e = expressions.bind(o.expr(), scope, aggregates);
                position = items.indexOf(e);
                if (position < 0) {
                    if (select.distinct()) {
                        throw new SqlException("42P10", SqlErrors.GENERAL,
                                "for SELECT DISTINCT, ORDER BY expressions must appear in select list");
                    }
                    position = items.size() + extras.size();
                    extras.add(e);
                }
            }
            sortSpecs.add(new SortKeySpec(position, o.descending(), o.nullsFirst()));
        }

        boolean grouped = !groups.isEmpty() || !aggregates.calls.isEmpty() || having != null;
        List<BoundExpr> projected = new ArrayList<>(items);
        projected.addAll(extras);
        if (grouped) {
            plan = new LogicalPlan.Aggregate(plan, groups, aggregates.calls);
            GroupRewriter rewriter = new GroupRewriter(groups, aggregates.calls);
            projected.replaceAll(rewriter::rewrite);
            if (having != null) {
                plan = new LogicalPlan.Filter(plan, rewriter.rewrite(having));
            }
        }
        plan = new LogicalPlan.Project(plan, projected);
        if (select.distinct()) {
            plan = new LogicalPlan.Distinct(plan);
        }
        if (!sortSpecs.isEmpty()) {
            List<SortKey> keys = new ArrayList<>();
            for (SortKeySpec s : sortSpecs) {
                BoundExpr column = projected.get(s.position);
                keys.add(sortKey(new BoundExpr.Column(s.position, column.type(), names.size() > s.position ? names.get(s.position) : "?"),
                        s.descending, s.nullsFirst));
            }
            plan = new LogicalPlan.Sort(plan, keys);
        }
        plan = limit(plan, limit, offset, outer);
        if (!extras.isEmpty()) {
            List<BoundExpr> trim = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                trim.add(new BoundExpr.Column(i, items.get(i).type(), names.get(i)));
            }
            plan = new LogicalPlan.Project(plan, trim);
        }
        List<SqlResult.Column> columns = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            columns.add(new SqlResult.Column(names.get(i), resultType(items.get(i).type())));
        }
        return new BoundQuery(plan, columns);
    }

    private record SortKeySpec(int position, boolean descending, Boolean nullsFirst) {
    }

    private static SortKey sortKey(BoundExpr e, boolean descending, Boolean nullsFirst) {
        // PostgreSQL: NULL sorts as larger than every value, so last ascending and first descending.
        return new SortKey(e, descending, nullsFirst == null ? descending : nullsFirst);
    }

    /** A GROUP BY item: an output column position or name, else an expression over FROM. */
    private BoundExpr groupExpr(Expr g, Scope scope, List<Query.SelectItem> selectItems, List<BoundExpr> items) {
        if (g instanceof Expr.Literal lit && lit.value() instanceof Long n) {
            if (n < 1 || n > items.size()) {
                throw new SqlException("42P10", SqlErrors.GENERAL, "GROUP BY position " + n + " is not in select list");
            }
            BoundExpr item = items.get((int) (long) n - 1);
            if (Exprs.hasAggregate(item)) {
                throw SqlErrors.grouping("aggregate functions are not allowed in GROUP BY");
            }
            return item;
        }
        if (g instanceof Expr.ColumnRef ref && ref.parts().size() == 1) {
            try {
                return expressions.bind(g, scope, null);
            } catch (SqlException e) {
                // Not a column of FROM: PostgreSQL then accepts an output column's alias.
                for (int i = 0; i < selectItems.size() && i < items.size(); i++) {
                    if (ref.column().equals(selectItems.get(i).alias())) {
                        return items.get(i);
                    }
                }
                throw e;
            }
        }
        BoundExpr e = expressions.bind(g, scope, null);
        return e;
    }

    /** Position of an ORDER BY item that names an output column (by position or alias), or -1. */
    private static int outputPosition(Expr e, List<String> names, boolean namesAreItems) {
        if (e instanceof Expr.Literal lit && lit.value() instanceof Long n) {
            if (n < 1 || n > names.size()) {
                throw new SqlException("42P10", SqlErrors.GENERAL, "ORDER BY position " + n + " is not in select list");
            }
            return (int) (long) n - 1;
        }
        if (e instanceof Expr.ColumnRef ref && ref.parts().size() == 1) {
            int found = -1;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals(ref.column())) {
                    if (found >= 0) {
                        // Two outputs of that name: PostgreSQL calls it ambiguous unless they are the same column.
                        return -1;
                    }
                    found = i;
                }
            }
            return found;
        }
        return -1;
    }

    private LogicalPlan limit(LogicalPlan plan, Expr limit, Expr offset, Scope outer) {
        if (limit == null && offset == null) {
            return plan;
        }
        Scope none = Scope.empty(outer);
        BoundExpr l = limit == null ? null : expressions.coerce(expressions.bind(limit, none, null), SqlType.BIGINT, "LIMIT");
        BoundExpr o = offset == null ? null : expressions.coerce(expressions.bind(offset, none, null), SqlType.BIGINT, "OFFSET");
        return new LogicalPlan.Limit(plan, l, o);
    }

    /** ORDER BY and LIMIT over a VALUES list or a set operation: output columns only. */
    private BoundQuery orderAndLimit(BoundQuery body, List<Query.OrderItem> orderBy, Expr limit, Expr offset, Scope outer) {
        LogicalPlan plan = body.plan();
        if (!orderBy.isEmpty()) {
            List<String> names = body.columns().stream().map(SqlResult.Column::name).toList();
            List<Scope.Field> fields = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                fields.add(new Scope.Field(null, names.get(i), body.columns().get(i).type(), i, false));
            }
            Scope scope = new Scope(fields, outer);
            List<SortKey> keys = new ArrayList<>();
            for (Query.OrderItem o : orderBy) {
                int position = outputPosition(o.expr(), names, true);
                BoundExpr e = position >= 0 ? new BoundExpr.Column(position, body.columns().get(position).type(), names.get(position))
                        : expressions.bind(o.expr(), scope, null);
                keys.add(sortKey(e, o.descending(), o.nullsFirst()));
            }
            plan = new LogicalPlan.Sort(plan, keys);
        }
        plan = limit(plan, limit, offset, outer);
        return new BoundQuery(plan, body.columns());
    }

    // ---- VALUES and set operations -------------------------------------------------------------------------

    private BoundQuery bindValues(Query.Values values, Scope outer) {
        Scope scope = Scope.empty(outer);
        int width = values.rows().get(0).size();
        List<List<BoundExpr>> rows = new ArrayList<>();
        for (List<Expr> row : values.rows()) {
            if (row.size() != width) {
                throw SqlErrors.syntax("VALUES lists must all be the same length", null);
            }
            List<BoundExpr> bound = new ArrayList<>();
            for (Expr e : row) {
                bound.add(expressions.bind(e, scope, null));
            }
            rows.add(bound);
        }
        List<SqlType> types = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            SqlType t = SqlType.UNKNOWN;
            for (List<BoundExpr> row : rows) {
                t = expressions.commonType(t, row.get(c).type(), "VALUES");
            }
            types.add(t == SqlType.UNKNOWN ? SqlType.TEXT : t);
        }
        List<List<BoundExpr>> coerced = new ArrayList<>();
        for (List<BoundExpr> row : rows) {
            List<BoundExpr> r = new ArrayList<>();
            for (int c = 0; c < width; c++) {
                r.add(expressions.coerce(row.get(c), types.get(c), "VALUES"));
            }
            coerced.add(r);
        }
        List<SqlResult.Column> columns = new ArrayList<>();
        for (int c = 0; c < width; c++) {
            columns.add(new SqlResult.Column("column" + (c + 1), types.get(c)));
        }
        return new BoundQuery(new LogicalPlan.Values(coerced, width), columns);
    }

    private BoundQuery bindSetOperation(Query.SetOperation op, Scope outer) {
        BoundQuery left = bindBody(op.left(), outer);
        BoundQuery right = bindBody(op.right(), outer);
        if (left.columns().size() != right.columns().size()) {
            throw SqlErrors.syntax("each " + op.op() + " query must have the same number of columns", null);
        }
        List<SqlType> types = new ArrayList<>();
        for (int i = 0; i < left.columns().size(); i++) {
            // An untyped literal of a part takes the other part's type ('x' meeting an integer is 22P02).
            SqlType lt = unknownAt(left, i) ? SqlType.UNKNOWN : left.columns().get(i).type();
            SqlType rt = unknownAt(right, i) ? SqlType.UNKNOWN : right.columns().get(i).type();
            SqlType t = Values.commonType(op.op().name(), List.of(lt, rt));
            types.add(t == SqlType.UNKNOWN ? SqlType.TEXT : t);
        }
        left = typedLiterals(left, types);
        right = typedLiterals(right, types);
        LogicalPlan l = castColumns(left, types);
        LogicalPlan r = castColumns(right, types);
        List<SqlResult.Column> columns = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            columns.add(new SqlResult.Column(left.columns().get(i).name(), types.get(i)));
        }
        LogicalPlan.SetOpKind kind = LogicalPlan.SetOpKind.valueOf(op.op().name());
        return new BoundQuery(new LogicalPlan.SetOp(kind, op.all(), l, r), columns);
    }

    private static boolean unknownAt(BoundQuery q, int i) {
        return q.plan() instanceof LogicalPlan.Project p && p.exprs().get(i).type() == SqlType.UNKNOWN;
    }

    /** {@code q} with its untyped select-list literals converted to {@code types} now. */
    private BoundQuery typedLiterals(BoundQuery q, List<SqlType> types) {
        if (!(q.plan() instanceof LogicalPlan.Project p)) {
            return q;
        }
        List<BoundExpr> exprs = new ArrayList<>(p.exprs());
        List<SqlResult.Column> columns = new ArrayList<>(q.columns());
        boolean changed = false;
        for (int i = 0; i < exprs.size(); i++) {
            if (exprs.get(i).type() == SqlType.UNKNOWN) {
                exprs.set(i, expressions.coerce(exprs.get(i), types.get(i), "set operation"));
                columns.set(i, new SqlResult.Column(columns.get(i).name(), types.get(i)));
                changed = true;
            }
        }
        return changed ? new BoundQuery(new LogicalPlan.Project(p.input(), exprs), columns) : q;
    }

    private LogicalPlan castColumns(BoundQuery q, List<SqlType> types) {
        boolean same = true;
        List<BoundExpr> exprs = new ArrayList<>();
        for (int i = 0; i < types.size(); i++) {
            SqlResult.Column c = q.columns().get(i);
            BoundExpr e = expressions.coerce(new BoundExpr.Column(i, c.type(), c.name()), types.get(i), "set operation");
            same &= e instanceof BoundExpr.Column;
            exprs.add(e);
        }
        return same ? q.plan() : new LogicalPlan.Project(q.plan(), exprs);
    }

    // ---- FROM -----------------------------------------------------------------------------------------------

    /** A bound FROM clause: the plan of its items joined in the order written, and the names they bring. */
    record FromClause(LogicalPlan plan, Scope scope) {
    }

    private FromClause bindFrom(List<FromItem> items, Scope outer) {
        if (items.isEmpty()) {
            return new FromClause(LogicalPlan.Values.oneRow(), Scope.empty(outer));
        }
        FromBuilder builder = new FromBuilder(outer);
        LogicalPlan plan = null;
        for (FromItem item : items) {
            LogicalPlan next = builder.item(item);
            plan = plan == null ? next : builder.join(plan, next, LogicalPlan.JoinType.INNER, null);
        }
        int width = builder.fields.size();
        return new FromClause(Widths.set(plan, width), new Scope(builder.fields(), outer));
    }

    /** Binds FROM items left to right, giving each its slot range. */
    private final class FromBuilder {
        final Scope outer;
        final List<Scope.Field> fields = new ArrayList<>();
        private final java.util.Set<String> aliases = new java.util.HashSet<>();
        /** The slots in the order {@code *} shows them: a USING join's merged columns come first. */
        private final List<Integer> display = new ArrayList<>();

        List<Scope.Field> fields() {
            List<Scope.Field> out = new ArrayList<>();
            for (int slot : display) {
                out.add(fields.get(slot));
            }
            return out;
        }

        private void added(int from) {
            for (int i = from; i < fields.size(); i++) {
                display.add(i);
            }
        }

        FromBuilder(Scope outer) {
            this.outer = outer;
        }

        LogicalPlan item(FromItem item) {
            if (item instanceof FromItem.Table t) {
                return table(t);
            }
            if (item instanceof FromItem.Subquery s) {
                if (s.alias() != null) {
                    name(s.alias());
                }
                return derived(bindQuery(s.query(), outer), s.alias() == null ? "subquery" : s.alias(),
                        s.columnAliases());
            }
            if (item instanceof FromItem.Join j) {
                return joined(j);
            }
            throw new IllegalStateException("unexpected " + item);
        }

        /** Each table name or alias of a FROM clause names one item (42712 otherwise). */
        private void name(String alias) {
            if (!aliases.add(alias)) {
                throw new SqlException("42712", SqlErrors.GENERAL, "table name \"" + alias + "\" specified more than once");
            }
        }

        private LogicalPlan table(FromItem.Table t) {
            String alias = t.alias() != null ? t.alias() : t.name();
            name(alias);
            if (t.schema() == null) {
                BoundQuery cte = ctes.get(t.name());
                if (cte != null) {
                    return derived(cte, alias, t.columnAliases());
                }
                ViewDef view = catalog.view(t.name());
                if (view != null) {
                    return derived(view(view), alias, t.columnAliases());
                }
            }
            TableDef table = catalog.table(t.schema(), t.name());
            if (table == null) {
                throw SqlErrors.unknownTable(t.schema() == null ? t.name() : t.schema() + "." + t.name());
            }
            int offset = fields.size();
            int visible = 0;
            for (ColumnDef c : table.columns()) {
                String name = c.name();
                if (!c.hidden() && visible < t.columnAliases().size()) {
                    name = t.columnAliases().get(visible);
                }
                if (!c.hidden()) {
                    visible++;
                }
                // A hidden row id keeps its slot but no name can reach it.
                fields.add(new Scope.Field(alias, c.hidden() ? "\0" + name : name, c.type(), fields.size(), c.hidden()));
            }
            added(offset);
            BitSet read = new BitSet();
            read.set(0, table.columns().size());
            return new LogicalPlan.Scan(table, alias, offset, -1, List.of(), null, read, catalog.estimatedRows(table));
        }

        private BoundQuery view(ViewDef view) {
            if (++viewDepth > 32) {
                throw SqlErrors.error("views nest more than 32 deep (a view that reads itself?)");
            }
            try {
                BoundQuery q = bindQuery(viewParser.apply(view.sql()), null);
                return renamed(q, view.columns(), view.name());
            } finally {
                viewDepth--;
            }
        }

        private LogicalPlan derived(BoundQuery q, String alias, List<String> columnAliases) {
            if (columnAliases.size() > q.columns().size()) {
                throw SqlErrors.error("table \"" + alias + "\" has " + q.columns().size() + " columns available but "
                        + columnAliases.size() + " columns specified");
            }
            int offset = fields.size();
            for (int i = 0; i < q.columns().size(); i++) {
                String name = i < columnAliases.size() ? columnAliases.get(i) : q.columns().get(i).name();
                fields.add(new Scope.Field(alias, name, q.columns().get(i).type(), fields.size(), false));
            }
            added(offset);
            return new LogicalPlan.Derived(q.plan(), alias, offset, q.columns().size(), -1, List.of());
        }

        private LogicalPlan joined(FromItem.Join j) {
            int leftStart = fields.size();
            LogicalPlan left = item(j.left());
            int rightStart = fields.size();
            LogicalPlan right = item(j.right());
            int end = fields.size();
            List<Scope.Field> leftFields = new ArrayList<>(fields.subList(leftStart, rightStart));
            List<Scope.Field> rightFields = new ArrayList<>(fields.subList(rightStart, end));
            List<String> using = new ArrayList<>(j.using());
            if (j.natural()) {
                for (Scope.Field lf : leftFields) {
                    if (!lf.mergedAway() && rightFields.stream().anyMatch(rf -> !rf.mergedAway() && rf.name().equals(lf.name()))
                            && !using.contains(lf.name())) {
                        using.add(lf.name());
                    }
                }
            }
            BoundExpr condition;
            List<Scope.Field> visible = new ArrayList<>(leftFields);
            visible.addAll(rightFields);
            Scope scope = new Scope(visible, outer);
            if (!using.isEmpty()) {
                List<Integer> merged = new ArrayList<>();
                List<BoundExpr> equalities = new ArrayList<>();
                for (String column : using) {
                    Scope.Field lf = unique(leftFields, column, "left");
                    Scope.Field rf = unique(rightFields, column, "right");
                    equalities.add(expressions.compare("=", new BoundExpr.Column(lf.slot(), lf.type(), lf.qualifier() + "." + column),
                            new BoundExpr.Column(rf.slot(), rf.type(), rf.qualifier() + "." + column)));
                    // The merged column is the left one (the right one for RIGHT JOIN); the other copy is
                    // reachable only by its table's name.
                    boolean keepRight = j.type() == FromItem.JoinType.RIGHT;
                    Scope.Field hidden = keepRight ? lf : rf;
                    Scope.Field kept = keepRight ? rf : lf;
                    fields.set(hidden.slot(), hidden.asMergedAway());
                    if (j.type() == FromItem.JoinType.FULL) {
                        fields.set(kept.slot(), kept.coalescedWith(rf.slot(),
                                expressions.commonType(lf.type(), rf.type(), "JOIN/USING")));
                    }
                    merged.add(kept.slot());
                }
                // SELECT * shows the merged columns first, then the others of the left and of the right side.
                List<Integer> range = display.subList(leftStart, end);
                List<Integer> reordered = new ArrayList<>(merged);
                for (int slot : range) {
                    if (!merged.contains(slot)) {
                        reordered.add(slot);
                    }
                }
                range.clear();
                range.addAll(reordered);
                condition = Exprs.and(equalities);
            } else if (j.on() != null) {
                condition = expressions.condition(j.on(), scope, "JOIN/ON");
            } else {
                condition = null;
            }
            return switch (j.type()) {
                case INNER, CROSS -> join(left, right, LogicalPlan.JoinType.INNER, condition);
                case LEFT -> join(left, right, LogicalPlan.JoinType.LEFT, condition);
                case RIGHT -> join(right, left, LogicalPlan.JoinType.LEFT, condition);
                case FULL -> join(left, right, LogicalPlan.JoinType.FULL, condition);
            };
        }

        private Scope.Field unique(List<Scope.Field> side, String column, String which) {
            Scope.Field found = null;
            for (Scope.Field f : side) {
                if (f.name().equals(column) && !f.mergedAway()) {
                    if (found != null) {
                        throw SqlErrors.ambiguousColumn(column);
                    }
                    found = f;
                }
            }
            if (found == null) {
                throw SqlErrors.unknownColumn(column + "\" specified in USING clause does not exist in " + which + " table \"");
            }
            return found;
        }

        LogicalPlan join(LogicalPlan left, LogicalPlan right, LogicalPlan.JoinType type, BoundExpr condition) {
            return new LogicalPlan.Join(left, right, type, condition, List.of(), List.of(), Widths.slots(left), Widths.slots(right), -1);
        }
    }

    /** {@code q} with its columns renamed (a CTE's or view's column list). */
    private static BoundQuery renamed(BoundQuery q, List<String> names, String what) {
        if (names.isEmpty()) {
            return q;
        }
        if (names.size() > q.columns().size()) {
            throw SqlErrors.error("\"" + what + "\" has " + q.columns().size() + " columns available but " + names.size()
                    + " columns specified");
        }
        List<SqlResult.Column> columns = new ArrayList<>();
        for (int i = 0; i < q.columns().size(); i++) {
            columns.add(new SqlResult.Column(i < names.size() ? names.get(i) : q.columns().get(i).name(), q.columns().get(i).type()));
        }
        return new BoundQuery(q.plan(), columns);
    }

    // ---- aggregates ----------------------------------------------------------------------------------------

    /** The aggregate calls of one SELECT, collected while its expressions are bound. */
    static final class Aggregates {
        final List<AggregateCall> calls = new ArrayList<>();

        BoundExpr add(AggregateCall call) {
            int index = calls.indexOf(call);
            if (index < 0) {
                index = calls.size();
                calls.add(call);
            }
            return new BoundExpr.AggregateRef(index, call.type());
        }
    }

    /**
     * Rewrites a grouped query's expressions over the aggregation's output: a GROUP BY expression becomes
     * its group column, an aggregate its result column; any other column of FROM is an error (42803).
     */
    private static int groupSlot(List<BoundExpr> groups, int slot) {
        for (int i = 0; i < groups.size(); i++) {
            if (groups.get(i) instanceof BoundExpr.Column c && c.slot() == slot) {
                return i;
            }
        }
        return -1;
    }

    /**
     * The columns of FROM's tables whose whole primary key is grouped by: they depend on the group, so the
     * query may read them (PostgreSQL's functional dependency); grouping by them too changes no group.
     */
    private static List<BoundExpr> dependentColumns(LogicalPlan from, List<BoundExpr> groups) {
        List<BoundExpr> out = new ArrayList<>();
        List<LogicalPlan> pending = new ArrayList<>(List.of(from));
        while (!pending.isEmpty()) {
            LogicalPlan p = pending.remove(pending.size() - 1);
            if (p instanceof LogicalPlan.Filter f) {
                pending.add(f.input());
            } else if (p instanceof LogicalPlan.Join j) {
                pending.add(j.left());
                pending.add(j.right());
            } else if (p instanceof LogicalPlan.Scan s && !s.table().primaryKey().isEmpty()) {
                int[] pk = s.table().primaryKeySlots();
                boolean covered = true;
                for (int slot : pk) {
                    covered &= groupSlot(groups, s.offset() + slot) >= 0;
                }
                if (covered && !s.table().columns().get(pk[0]).hidden()) {
                    for (int i = 0; i < s.table().columns().size(); i++) {
                        ColumnDef c = s.table().columns().get(i);
                        if (groupSlot(groups, s.offset() + i) < 0 && !c.hidden()) {
                            out.add(new BoundExpr.Column(s.offset() + i, c.type(), c.name()));
                        }
                    }
                }
            }
        }
        return out;
    }

    private static final class GroupRewriter {
        private final List<BoundExpr> groups;
        private final List<AggregateCall> calls;

        GroupRewriter(List<BoundExpr> groups, List<AggregateCall> calls) {
            this.groups = groups;
            this.calls = calls;
        }

        /** An aggregate as EXPLAIN names it: {@code count(*)}, {@code sum(DISTINCT v)}. */
        private static String describe(AggregateCall c) {
            return c.function() + "(" + (c.distinct() ? "DISTINCT " : "") + (c.argument() == null ? "*" : Exprs.describe(c.argument())) + ")";
        }

        BoundExpr rewrite(BoundExpr e) {
            return Exprs.rewrite(e, node -> {
                int g = groups.indexOf(node);
                if (g < 0 && node instanceof BoundExpr.Column c) {
                    g = groupSlot(groups, c.slot()); // the same column, named another way (t.c and c)
                }
                if (g >= 0) {
                    return new BoundExpr.Column(g, node.type(), Exprs.describe(node));
                }
                if (node instanceof BoundExpr.AggregateRef a) {
                    return new BoundExpr.Column(groups.size() + a.index(), a.type(), describe(calls.get(a.index())));
                }
                if (node instanceof BoundExpr.Column c) {
                    throw SqlErrors.grouping("column \"" + c.name()
                            + "\" must appear in the GROUP BY clause or be used in an aggregate function");
                }
                if (node instanceof BoundExpr.ScalarSubquery s) {
                    return correlatedInGroup(s.query());
                }
                if (node instanceof BoundExpr.Exists s) {
                    return correlatedInGroup(s.query());
                }
                if (node instanceof BoundExpr.QuantifiedSubquery q) {
                    correlatedInGroup(q.query());
                    return null;
                }
                {
                    return null;
                }
            });
        }

        private BoundExpr correlatedInGroup(BoundExpr.Subquery q) {
            if (!q.outerSlots().isEmpty()) {
                throw SqlErrors.unsupported("a subquery that reads the rows of a grouped query");
            }
            return null;
        }
    }

    // ---- names ------------------------------------------------------------------------------------------

    /** The column name PostgreSQL gives an unaliased select item. */
    static String outputName(Expr e) {
        if (e instanceof Expr.ColumnRef c) {
            return c.column();
        }
        if (e instanceof Expr.Call c) {
            return c.name();
        }
        if (e instanceof Expr.Cast c) {
            return c.operand() instanceof Expr.Literal ? c.type().name().split(" ")[0] : outputName(c.operand());
        }
        if (e instanceof Expr.Case c) {
            return "case";
        }
        if (e instanceof Expr.Exists x) {
            return "exists";
        }
        if (e instanceof Expr.ScalarQuery q) {
            return q.query().body() instanceof Query.Select s && s.items().size() == 1
                    ? (s.items().get(0).alias() != null ? s.items().get(0).alias() : outputName(s.items().get(0).expr())) : "?column?";
        }
        {
            return "?column?";
        }
    }

    private static SqlType resultType(SqlType t) {
        return t == SqlType.UNKNOWN ? SqlType.TEXT : t;
    }
}
