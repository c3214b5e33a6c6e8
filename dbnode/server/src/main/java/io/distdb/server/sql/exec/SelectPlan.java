package io.distdb.server.sql.exec;

import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.SqlResult;
import io.distdb.server.sql.catalog.TableLookup;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.expr.Aggregates;
import io.distdb.server.sql.expr.Expr;
import io.distdb.server.sql.expr.ExprCompiler;
import io.distdb.server.sql.expr.Names;
import io.distdb.server.sql.expr.Params;
import io.distdb.server.sql.expr.Scope;
import io.distdb.server.sql.expr.Values;
import io.distdb.server.sql.plan.AccessPath;
import io.distdb.server.sql.plan.Planner;
import io.distdb.server.sql.pushdown.RowPushdown;
import io.distdb.server.sql.pushdown.RowShaper;
import io.distdb.server.replication.EntryFold;
import io.distdb.server.replication.FoldedScans;
import io.distdb.server.replication.ShapedScans;
import io.distdb.server.sql.codec.Keys;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.storage.ReadView;
import io.distdb.storage.ScanRange;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.LongValue;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.select.AllColumns;
import net.sf.jsqlparser.statement.select.AllTableColumns;
import net.sf.jsqlparser.statement.select.FromItem;
import net.sf.jsqlparser.statement.select.Join;
import net.sf.jsqlparser.statement.select.OrderByElement;
import net.sf.jsqlparser.statement.select.PlainSelect;
import net.sf.jsqlparser.statement.select.SelectItem;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A compiled SELECT: per table an access path, joins (hash join on equality conditions, nested loop
 * otherwise), the WHERE filter, grouping, projection, DISTINCT, sorting and LIMIT/OFFSET, executed in that
 * order over rows that are the concatenated columns of all tables. Built once per statement; holds no data.
 */
public final class SelectPlan {

    enum JoinKind { INNER, LEFT }

    /**
     * One table of the FROM clause and how it is read and joined to the tables before it. {@code pushedWhere}
     * and {@code pushedOn} index the WHERE and ON conjuncts that read only this table:
     * the conditions replicas may check before sending its rows.
     */
    private record Step(Scope.Entry entry, AccessPath path, JoinKind kind, List<Expr> leftKeys, List<Expr> rightKeys,
                        List<String> keyText, Expr on, String onText, List<Integer> pushedWhere, List<Integer> pushedOn) {
    }

    private record SortKey(int outputSlot, Expr expr, boolean ascending, boolean nullsFirst, String text) {
    }

    private final Scope scope;
    private final List<Step> steps = new ArrayList<>();
    private Expr where;
    private String whereText;
    private Grouping grouping;
    private Expr having;
    private String havingText;
    private final List<Expr> outputs = new ArrayList<>();
    private final List<String> columns = new ArrayList<>();
    private final List<SortKey> sortKeys = new ArrayList<>();
    private boolean distinct;
    private long limit = -1;
    private long offset;

    private SelectPlan(Params params) {
        this.scope = new Scope(params);
    }

    public static SelectPlan plan(PlainSelect select, TableLookup catalog) {
        return plan(select, catalog, Params.NONE);
    }

    /** Plans a SELECT with its {@code ?} placeholders bound to {@code params} (as literals of those values). */
    public static SelectPlan plan(PlainSelect select, TableLookup catalog, Params params) {
        SelectPlan p = new SelectPlan(params);
        p.build(select, catalog);
        return p;
    }

    public List<String> columns() {
        return columns;
    }

    private void build(PlainSelect select, TableLookup catalog) {
        rejectUnsupported(select);
        List<JoinKind> kinds = new ArrayList<>();
        List<List<Expression>> ons = new ArrayList<>();
        FromItem from = select.getFromItem();
        if (from != null) {
            addTable(catalog, from);
            kinds.add(JoinKind.INNER);
            ons.add(List.of());
            if (select.getJoins() != null) {
                for (Join join : select.getJoins()) {
                    if (join.isRight() || join.isFull() || join.isNatural() || join.isApply() || join.isSemi()
                            || join.isStraight() || join.isWindowJoin()) {
                        throw SqlErrors.unsupported("this join type (only INNER, LEFT and CROSS joins are)");
                    }
                    if (join.getUsingColumns() != null && !join.getUsingColumns().isEmpty()) {
                        throw SqlErrors.unsupported("JOIN ... USING (write ON a.x = b.x)");
                    }
                    addTable(catalog, join.getRightItem());
                    kinds.add(join.isLeft() ? JoinKind.LEFT : JoinKind.INNER);
                    List<Expression> on = Conditions.onConjuncts(join);
                    if (join.isLeft() && on.isEmpty()) {
                        throw SqlErrors.error("LEFT JOIN needs an ON condition");
                    }
                    ons.add(on);
                }
            }
        }

        List<Expression> whereParts = Conditions.conjuncts(select.getWhere());
        List<BitSet> whereRefs = references(whereParts);
        if (select.getWhere() != null) {
            where = new ExprCompiler(scope).compile(select.getWhere());
            whereText = select.getWhere().toString();
        }
        for (int i = 0; i < scope.entries().size(); i++) {
            planStep(i, kinds.get(i), ons.get(i), whereParts, whereRefs);
        }

        boolean aggregate = select.getGroupBy() != null || select.getHaving() != null
                || select.getSelectItems().stream().anyMatch(item -> Conditions.containsAggregate(item.getExpression()))
                || (select.getOrderByElements() != null && select.getOrderByElements().stream().anyMatch(o -> Conditions.containsAggregate(o.getExpression())));
        ExprCompiler post = new ExprCompiler(scope);
        if (aggregate) {
            List<Expression> groupBy = new ArrayList<>();
            if (select.getGroupBy() != null && select.getGroupBy().getGroupByExpressionList() != null) {
                for (Object e : select.getGroupBy().getGroupByExpressionList()) {
                    groupBy.add((Expression) e);
                }
            }
            grouping = new Grouping(scope, groupBy);
            post = new ExprCompiler(scope, grouping);
        }
        for (SelectItem<?> item : select.getSelectItems()) {
            addOutput(item, post);
        }
        if (select.getHaving() != null) {
            having = post.compile(select.getHaving());
            havingText = select.getHaving().toString();
        }
        distinct = select.getDistinct() != null;
        if (distinct && select.getDistinct().getOnSelectItems() != null) {
            throw SqlErrors.unsupported("DISTINCT ON");
        }
        if (select.getOrderByElements() != null) {
            for (OrderByElement o : select.getOrderByElements()) {
                sortKeys.add(sortKey(o, post));
            }
        }
        if (select.getLimit() != null) {
            if (select.getLimit().getRowCount() != null) {
                limit = count(select.getLimit().getRowCount(), "LIMIT");
            }
            if (select.getLimit().getOffset() != null) {
                offset = count(select.getLimit().getOffset(), "OFFSET");
            }
        }
        if (select.getOffset() != null) {
            offset = count(select.getOffset().getOffset(), "OFFSET");
        }
    }

    private static void rejectUnsupported(PlainSelect select) {
        if (select.getIntoTables() != null) {
            throw SqlErrors.unsupported("SELECT INTO");
        }
        if (select.getWithItemsList() != null && !select.getWithItemsList().isEmpty()) {
            throw SqlErrors.unsupported("WITH");
        }
        if (select.getFetch() != null || select.getTop() != null || select.getFirst() != null || select.getSkip() != null) {
            throw SqlErrors.unsupported("FETCH/TOP/FIRST/SKIP (use LIMIT and OFFSET)");
        }
        if (select.getGroupBy() != null && select.getGroupBy().getGroupingSets() != null && !select.getGroupBy().getGroupingSets().isEmpty()) {
            throw SqlErrors.unsupported("GROUPING SETS");
        }
    }

    private void addTable(TableLookup catalog, FromItem item) {
        if (!(item instanceof Table table)) {
            throw SqlErrors.unsupported("subqueries and functions in FROM");
        }
        TableDef def = Tables.resolve(catalog, table);
        String alias = Tables.alias(table);
        if (scope.entryIndex(alias) >= 0) {
            throw SqlErrors.error("table name '" + alias + "' appears more than once in FROM; give it an alias");
        }
        scope.add(def, alias);
    }

    private List<BitSet> references(List<Expression> parts) {
        List<BitSet> refs = new ArrayList<>();
        for (Expression e : parts) {
            ExprCompiler c = new ExprCompiler(scope);
            c.compile(e);
            refs.add(c.referenced());
        }
        return refs;
    }

    private void planStep(int i, JoinKind kind, List<Expression> on, List<Expression> whereParts, List<BitSet> whereRefs) {
        BitSet only = new BitSet();
        only.set(i);
        List<Expression> pushed = new ArrayList<>();
        List<Integer> pushedWhere = new ArrayList<>();
        List<Integer> pushedOn = new ArrayList<>();
        if (kind == JoinKind.INNER) {
            for (int k = 0; k < whereParts.size(); k++) {
                if (whereRefs.get(k).equals(only)) {
                    pushed.add(whereParts.get(k));
                    pushedWhere.add(k);
                }
            }
        }
        List<BitSet> onRefs = references(on);
        for (int k = 0; k < on.size(); k++) {
            if (onRefs.get(k).equals(only)) {
                pushed.add(on.get(k));
                pushedOn.add(k);
            }
        }
        AccessPath path = Planner.choose(scope, i, pushed);
        List<Expr> leftKeys = new ArrayList<>();
        List<Expr> rightKeys = new ArrayList<>();
        List<String> keyText = new ArrayList<>();
        if (i > 0) {
            List<Expression> candidates = new ArrayList<>(on);
            if (kind == JoinKind.INNER) {
                candidates.addAll(whereParts);
            }
            for (Expression c : candidates) {
                if (!(c instanceof EqualsTo eq)) {
                    continue;
                }
                ExprCompiler l = new ExprCompiler(scope);
                Expr le = l.compile(eq.getLeftExpression());
                ExprCompiler r = new ExprCompiler(scope);
                Expr re = r.compile(eq.getRightExpression());
                if (isBefore(l.referenced(), i) && r.referenced().equals(only)) {
                    leftKeys.add(le);
                    rightKeys.add(re);
                    keyText.add(c.toString());
                } else if (isBefore(r.referenced(), i) && l.referenced().equals(only)) {
                    leftKeys.add(re);
                    rightKeys.add(le);
                    keyText.add(c.toString());
                }
            }
        }
        Expression onAll = Conditions.and(on);
        Expr onExpr = onAll == null ? null : new ExprCompiler(scope).compile(onAll);
        steps.add(new Step(scope.entries().get(i), path, kind, leftKeys, rightKeys, keyText, onExpr,
                onAll == null ? null : onAll.toString(), pushedWhere, pushedOn));
    }

    private static boolean isBefore(BitSet refs, int i) {
        return !refs.isEmpty() && refs.nextSetBit(i) < 0;
    }

    private void addOutput(SelectItem<?> item, ExprCompiler post) {
        Expression e = item.getExpression();
        if (e instanceof AllTableColumns atc) {
            String qualifier = Names.normalize(atc.getTable().getName());
            int entry = scope.entryIndex(qualifier);
            if (entry < 0) {
                throw new io.distdb.server.api.ApiException(400, SqlErrors.UNKNOWN_TABLE, "table or alias '" + qualifier + "' is not in the FROM clause");
            }
            addAllColumns(scope.entries().get(entry));
            return;
        }
        if (e instanceof AllColumns) {
            if (scope.entries().isEmpty()) {
                throw SqlErrors.error("SELECT * needs a FROM clause");
            }
            for (Scope.Entry entry : scope.entries()) {
                addAllColumns(entry);
            }
            return;
        }
        outputs.add(post.compile(e));
        if (item.getAlias() != null) {
            columns.add(unquote(item.getAlias().getName()));
        } else if (e instanceof Column c) {
            columns.add(Names.normalize(c.getColumnName()));
        } else {
            columns.add(e.toString());
        }
    }

    private void addAllColumns(Scope.Entry entry) {
        if (grouping != null) {
            throw SqlErrors.error("* cannot be selected in an aggregate query; name the grouped columns");
        }
        List<ColumnDef> cols = entry.table().columns();
        for (int c = 0; c < cols.size(); c++) {
            if (cols.get(c).hidden()) {
                continue;
            }
            int slot = entry.offset() + c;
            scope.markRead(slot);
            outputs.add(row -> row[slot]);
            columns.add(cols.get(c).name());
        }
    }

    private SortKey sortKey(OrderByElement o, ExprCompiler post) {
        Expression e = o.getExpression();
        boolean asc = o.isAsc();
        boolean nullsFirst = o.getNullOrdering() == null ? asc : o.getNullOrdering() == OrderByElement.NullOrdering.NULLS_FIRST;
        String text = e + (asc ? "" : " DESC");
        if (e instanceof LongValue position) {
            long n = position.getValue();
            if (n < 1 || n > outputs.size()) {
                throw SqlErrors.error("ORDER BY position " + n + " is not in the select list (1.." + outputs.size() + ")");
            }
            return new SortKey((int) n - 1, null, asc, nullsFirst, text);
        }
        if (e instanceof Column c && c.getTable() == null) {
            int slot = columns.indexOf(Names.normalize(c.getColumnName()));
            if (slot < 0) {
                slot = columns.indexOf(unquote(c.getColumnName()));
            }
            if (slot >= 0) {
                return new SortKey(slot, null, asc, nullsFirst, text);
            }
        }
        return new SortKey(-1, post.compile(e), asc, nullsFirst, text);
    }

    private long count(Expression e, String what) {
        Object v = Values.unwrapJson(ExprCompiler.constant(e, scope.params()));
        if (!(v instanceof Long n) || n < 0) {
            throw SqlErrors.error(what + " must be a non-negative integer, not " + Values.display(v));
        }
        return n;
    }

    private static String unquote(String alias) {
        if (alias.length() >= 2 && (alias.startsWith("\"") || alias.startsWith("`"))) {
            return alias.substring(1, alias.length() - 1);
        }
        return alias.toLowerCase(java.util.Locale.ROOT);
    }

    // ---------------------------------------------------------------- execution

    public SqlResult execute(ReadView view, TableReader reader) {
        return execute(view, reader, null);
    }

    /**
     * Runs the statement; when {@code view} reads a replicated keyspace and {@code pushdown} is given, the
     * replicas filter and trim each scanned table's rows before sending them.
     */
    public SqlResult execute(ReadView view, TableReader reader, RowPushdown.StatementPushdown pushdown) {
        Output out = new Output();
        if (grouping != null) {
            Grouping.Groups groups = foldOnReplicas(view, pushdown);
            if (groups == null) {
                Grouping.Groups read = grouping.newGroups();
                produce(view, reader, shapers(view, pushdown), row -> {
                    read.add(row);
                    return true;
                });
                groups = read;
            }
            for (Object[] groupRow : groups.rows()) {
                if (having == null || ExprCompiler.isTrue(having.eval(groupRow))) {
                    if (!out.add(groupRow)) {
                        break;
                    }
                }
            }
        } else {
            produce(view, reader, shapers(view, pushdown), out::add);
        }
        return new SqlResult(columns, out.finish(), null);
    }

    /**
     * The groups as the replicas folded them, each replica its share of the table's ring ranges; {@code null}
     * when the plan cannot be folded, or the replicas could not be shown to agree (then the rows are read).
     */
    private Grouping.Groups foldOnReplicas(ReadView view, RowPushdown.StatementPushdown pushdown) {
        ScanRange range = foldRange();
        if (range == null || pushdown == null || !(view instanceof FoldedScans folds)) {
            return null;
        }
        EntryFold fold = pushdown.aggregate(steps.get(0).entry().table(), scope.params(), () -> foldOnReplica(pushdown.codec()));
        if (fold == null) {
            return null;
        }
        Optional<List<byte[]>> partials = folds.fold(range, fold);
        if (partials.isEmpty()) {
            return null;
        }
        Grouping.Groups groups = grouping.newGroups();
        for (byte[] partial : partials.get()) {
            groups.merge(partial, pushdown.codec());
        }
        return groups;
    }

    /**
     * The key range replicas fold for an aggregate over one table read by a single ordered scan (the order
     * groups appear in is the order of their first rows), or {@code null} when the plan is not such a one.
     */
    public ScanRange foldRange() {
        if (grouping == null || steps.size() != 1 || steps.get(0).entry().table().documents()) {
            return null;
        }
        AccessPath path = steps.get(0).path();
        if (path instanceof AccessPath.FullScan) {
            return ScanRange.prefix(Keys.tablePrefix(path.table().id()));
        }
        if (path instanceof AccessPath.PrimaryKeyRange range && range.spans().size() == 1) {
            return ScanRange.between(range.spans().get(0).from(), range.spans().get(0).to());
        }
        return null;
    }

    /** A replica's part of a {@link #foldRange fold}: WHERE, then grouping, over the rows it is given. */
    public EntryFold.Accumulation foldOnReplica(RowCodec codec) {
        int width = scope.width();
        Grouping.Groups groups = grouping.newGroups();
        return new EntryFold.Accumulation() {
            @Override
            public void add(byte[] key, byte[] payload) {
                Object[] row = codec.decode(payload, width);
                if (where == null || ExprCompiler.isTrue(where.eval(row))) {
                    groups.add(row, key);
                }
            }

            @Override
            public byte[] finish() {
                return groups.partial(codec);
            }
        };
    }

    /** {@link #shapers(RowPushdown.StatementPushdown)} when {@code view} reads a replicated keyspace. */
    private RowShaper[] shapers(ReadView view, RowPushdown.StatementPushdown pushdown) {
        return shapers(view instanceof ShapedScans ? pushdown : null);
    }

    /** Per step, what replicas do to its rows: {@code null} where they send them unchanged. */
    private RowShaper[] shapers(RowPushdown.StatementPushdown pushdown) {
        RowShaper[] shapers = new RowShaper[steps.size()];
        if (pushdown == null) {
            return shapers;
        }
        BitSet read = scope.readSlots();
        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            TableDef table = step.entry().table();
            boolean scans = step.path() instanceof AccessPath.FullScan || step.path() instanceof AccessPath.PrimaryKeyRange;
            if (!scans || table.documents()) {
                continue;
            }
            List<Integer> columns = new ArrayList<>();
            for (int c = 0; c < table.columns().size(); c++) {
                if (read.get(step.entry().offset() + c)) {
                    columns.add(c);
                }
            }
            shapers[i] = pushdown.scan(table, step.entry().alias(), i, step.pushedWhere(), step.pushedOn(), columns, scope.params());
        }
        return shapers;
    }

    /** Streams the joined rows that pass WHERE; the sink returns false to stop. */
    private void produce(ReadView view, TableReader reader, RowShaper[] shapers, TableReader.RowSink sink) {
        if (steps.isEmpty()) {
            Object[] empty = new Object[0];
            if (where == null || ExprCompiler.isTrue(where.eval(empty))) {
                sink.accept(empty);
            }
            return;
        }
        if (steps.size() == 1) {
            reader.read(view, steps.get(0).path(), shapers[0], row -> where != null && !ExprCompiler.isTrue(where.eval(row)) || sink.accept(row));
            return;
        }
        int width = scope.width();
        List<Object[]> rows = new ArrayList<>();
        reader.read(view, steps.get(0).path(), shapers[0], row -> {
            rows.add(java.util.Arrays.copyOf(row, width));
            return true;
        });
        List<Object[]> joined = rows;
        for (int i = 1; i < steps.size(); i++) {
            joined = join(view, reader, joined, steps.get(i), shapers[i], width);
        }
        for (Object[] row : joined) {
            if ((where == null || ExprCompiler.isTrue(where.eval(row))) && !sink.accept(row)) {
                return;
            }
        }
    }

    private List<Object[]> join(ReadView view, TableReader reader, List<Object[]> left, Step step, RowShaper shaper, int width) {
        int offset = step.entry().offset();
        int columnsOfRight = step.entry().table().columns().size();
        List<Object[]> right = new ArrayList<>();
        reader.read(view, step.path(), shaper, row -> {
            Object[] wide = new Object[width];
            System.arraycopy(row, 0, wide, offset, columnsOfRight);
            right.add(wide);
            return true;
        });
        Map<List<Object>, List<Object[]>> table = null;
        if (!step.leftKeys().isEmpty()) {
            table = new HashMap<>();
            for (Object[] r : right) {
                List<Object> key = key(step.rightKeys(), r);
                if (key != null) {
                    table.computeIfAbsent(key, k -> new ArrayList<>()).add(r);
                }
            }
        }
        List<Object[]> out = new ArrayList<>();
        for (Object[] l : left) {
            List<Object[]> candidates;
            if (table != null) {
                List<Object> key = key(step.leftKeys(), l);
                candidates = key == null ? List.of() : table.getOrDefault(key, List.of());
            } else {
                candidates = right;
            }
            boolean matched = false;
            for (Object[] r : candidates) {
                Object[] combined = l.clone();
                System.arraycopy(r, offset, combined, offset, columnsOfRight);
                if (step.on() == null || ExprCompiler.isTrue(step.on().eval(combined))) {
                    out.add(combined);
                    matched = true;
                }
            }
            if (!matched && step.kind() == JoinKind.LEFT) {
                out.add(l);
            }
        }
        return out;
    }

    /** Equality key of a row; {@code null} when a part is NULL (NULL matches nothing). */
    private static List<Object> key(List<Expr> exprs, Object[] row) {
        List<Object> key = new ArrayList<>(exprs.size());
        for (Expr e : exprs) {
            Object v = Values.keyOf(e.eval(row));
            if (v == null) {
                return null;
            }
            key.add(v);
        }
        return key;
    }

    /** Projection, DISTINCT, ORDER BY and LIMIT/OFFSET; streams (and stops early) when nothing needs all rows. */
    private final class Output {
        private final boolean streaming = sortKeys.isEmpty() && !distinct;
        private final List<Object[][]> collected = new ArrayList<>();
        private final List<List<Object>> streamed = new ArrayList<>();
        private long skipped;

        boolean add(Object[] row) {
            Object[] values = new Object[outputs.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = outputs.get(i).eval(row);
            }
            if (streaming) {
                if (skipped < offset) {
                    skipped++;
                    return true;
                }
                if (limit >= 0 && streamed.size() >= limit) {
                    return false;
                }
                streamed.add(result(values));
                return limit < 0 || streamed.size() < limit;
            }
            Object[] sort = new Object[sortKeys.size()];
            for (int i = 0; i < sort.length; i++) {
                SortKey k = sortKeys.get(i);
                sort[i] = k.outputSlot() >= 0 ? values[k.outputSlot()] : k.expr().eval(row);
            }
            collected.add(new Object[][] {values, sort});
            return true;
        }

        List<List<Object>> finish() {
            if (streaming) {
                return streamed;
            }
            List<Object[][]> rows = collected;
            if (distinct) {
                Set<List<Object>> seen = new HashSet<>();
                List<Object[][]> unique = new ArrayList<>();
                for (Object[][] r : rows) {
                    if (seen.add(Values.keyOf(r[0]))) {
                        unique.add(r);
                    }
                }
                rows = unique;
            }
            if (!sortKeys.isEmpty()) {
                rows.sort(comparator());
            }
            List<List<Object>> result = new ArrayList<>();
            long end = limit < 0 ? Long.MAX_VALUE : offset + limit;
            for (long i = offset; i < rows.size() && i < end; i++) {
                result.add(result(rows.get((int) i)[0]));
            }
            return result;
        }

        private Comparator<Object[][]> comparator() {
            return (a, b) -> {
                for (int i = 0; i < sortKeys.size(); i++) {
                    SortKey k = sortKeys.get(i);
                    Object x = Values.unwrapJson(a[1][i]);
                    Object y = Values.unwrapJson(b[1][i]);
                    int c;
                    if (x == null || y == null) {
                        c = x == null ? (y == null ? 0 : (k.nullsFirst() ? -1 : 1)) : (k.nullsFirst() ? 1 : -1);
                    } else {
                        c = Values.compare(x, y);
                        c = k.ascending() ? c : -c;
                    }
                    if (c != 0) {
                        return c;
                    }
                }
                return 0;
            };
        }

        private List<Object> result(Object[] values) {
            List<Object> row = new ArrayList<>(values.length);
            for (Object v : values) {
                row.add(Values.toResult(v));
            }
            return row;
        }
    }

    // ---------------------------------------------------------------- EXPLAIN

    public List<String> explain() {
        return explain(null);
    }

    /** The plan's lines; with {@code pushdown}, also what replicas of a replicated keyspace do to each scan. */
    public List<String> explain(RowPushdown.StatementPushdown pushdown) {
        List<String> lines = new ArrayList<>();
        RowShaper[] shapers = shapers(pushdown);
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            lines.add("SCAN " + display(s.entry()) + ": " + s.path().describe());
            if (pushdown != null && foldRange() != null) {
                lines.add("  ON REPLICAS: " + (whereText == null ? "" : "FILTER " + whereText + "; ") + "PARTIAL " + grouping.describe());
            } else if (shapers[i] != null) {
                lines.add("  " + shapers[i].describe());
            }
            if (i > 0) {
                String kind = s.kind() == JoinKind.LEFT ? "LEFT" : "INNER";
                if (!s.leftKeys().isEmpty()) {
                    lines.add("HASH JOIN " + kind + " " + s.entry().alias() + " ON " + String.join(" AND ", s.keyText())
                            + (s.onText() == null ? "" : " (check " + s.onText() + ")"));
                } else {
                    lines.add("NESTED LOOP JOIN " + kind + " " + s.entry().alias() + (s.onText() == null ? "" : " ON " + s.onText()));
                }
            }
        }
        if (whereText != null) {
            lines.add("FILTER " + whereText);
        }
        if (grouping != null) {
            lines.add(grouping.describe());
        }
        if (havingText != null) {
            lines.add("FILTER HAVING " + havingText);
        }
        lines.add("PROJECT " + String.join(", ", columns));
        if (distinct) {
            lines.add("DISTINCT");
        }
        if (!sortKeys.isEmpty()) {
            lines.add("SORT " + String.join(", ", sortKeys.stream().map(SortKey::text).toList()));
        }
        if (offset > 0) {
            lines.add("OFFSET " + offset);
        }
        if (limit >= 0) {
            lines.add("LIMIT " + limit);
        }
        return lines;
    }

    static String display(Scope.Entry entry) {
        String name = entry.table().name();
        return name.equals(entry.alias()) || name.endsWith("." + entry.alias()) ? name : name + " AS " + entry.alias();
    }
}
