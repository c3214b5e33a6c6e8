package io.distdb.server.sql.plan;

import io.distdb.server.api.ApiException;
import io.distdb.server.sql.catalog.ColumnDef;
import io.distdb.server.sql.catalog.IndexDef;
import io.distdb.server.sql.catalog.SqlType;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.codec.Keys;
import io.distdb.server.sql.codec.TupleCodec;
import io.distdb.server.sql.expr.ExprCompiler;
import io.distdb.server.sql.expr.Like;
import io.distdb.server.sql.expr.Names;
import io.distdb.server.sql.expr.Scope;
import io.distdb.server.sql.expr.Values;
import io.distdb.storage.Bytes;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.operators.relational.Between;
import net.sf.jsqlparser.expression.operators.relational.ComparisonOperator;
import net.sf.jsqlparser.expression.operators.relational.EqualsTo;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.expression.operators.relational.GreaterThan;
import net.sf.jsqlparser.expression.operators.relational.GreaterThanEquals;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.LikeExpression;
import net.sf.jsqlparser.expression.operators.relational.MinorThan;
import net.sf.jsqlparser.expression.operators.relational.MinorThanEquals;
import net.sf.jsqlparser.schema.Column;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses one table's access path from the conditions that read only that table. Equality on the whole
 * primary key always wins (PRIMARY KEY LOOKUP), then equality on every column of a unique index. Otherwise
 * the path that constrains the most leading key columns wins (equal columns, plus one for a range on the
 * next column); on a tie the primary key range beats an index (no second read per row), a hash index beats
 * a btree, and full equality beats a range. With nothing usable: a full scan. Only conditions comparing a
 * column with a constant of a compatible type count; every condition is still checked on the fetched rows.
 */
public final class Planner {

    /** Above this many point keys (IN lists multiplied) the planner prefers a range or scan. */
    private static final int MAX_POINTS = 1024;

    private Planner() {
    }

    public static AccessPath choose(Scope scope, int entry, List<Expression> conjuncts) {
        TableDef table = scope.entries().get(entry).table();
        Map<Integer, ColumnConstraint> constraints = new HashMap<>();
        for (Expression c : conjuncts) {
            analyze(scope, entry, c, constraints);
        }
        if (table.documents()) {
            ColumnConstraint id = constraints.get(table.columnIndex("id"));
            if (id != null && id.hasEquality()) {
                List<String> ids = id.equals.stream().map(String.class::cast).toList();
                return new AccessPath.DocumentLookup(table, ids, conditions(id.equalityText));
            }
            return new AccessPath.FullScan(table);
        }
        AccessPath best = new AccessPath.FullScan(table);
        int bestScore = 0;

        int[] pk = table.primaryKeySlots();
        Candidate pkCandidate = candidate(pk, constraints);
        if (pkCandidate.equalColumns == pk.length && pkCandidate.points() <= MAX_POINTS) {
            List<byte[]> keys = new ArrayList<>();
            for (List<Object> tuple : pkCandidate.prefixes()) {
                keys.add(TupleCodec.encode(tuple));
            }
            return new AccessPath.PrimaryKeyLookup(table, keys, pkCandidate.text);
        }
        if (pkCandidate.usable() && pkCandidate.points() <= MAX_POINTS) {
            int score = 100 * pkCandidate.matched() + 30;
            best = new AccessPath.PrimaryKeyRange(table, spans(Keys.tablePrefix(table.id()), pkCandidate), pkCandidate.text);
            bestScore = score;
        }
        for (IndexDef index : table.indexes()) {
            int[] slots = table.slots(index.columns());
            Candidate c = candidate(slots, constraints);
            if (c.points() > MAX_POINTS) {
                continue;
            }
            boolean full = c.equalColumns == slots.length;
            int score;
            List<AccessPath.Span> spans;
            if (index.kind() == IndexDef.Kind.HASH) {
                if (!full) {
                    continue;
                }
                score = index.unique() ? 10_000 : 100 * c.matched() + 20;
                spans = new ArrayList<>();
                for (List<Object> values : c.prefixes()) {
                    byte[] prefix = Keys.indexValuesPrefix(index, values);
                    spans.add(new AccessPath.Span(prefix, Bytes.prefixEnd(prefix)));
                }
            } else {
                if (!c.usable()) {
                    continue;
                }
                score = full && index.unique() ? 10_000 : 100 * c.matched() + (full ? 10 : 0);
                spans = spans(Keys.indexPrefix(index.id()), c);
            }
            if (score > bestScore) {
                bestScore = score;
                best = new AccessPath.IndexScan(table, index, spans, c.text);
            }
        }
        return best;
    }

    /** How far a column sequence (primary key or index) is constrained: equal leading columns, then maybe a range. */
    private static final class Candidate {
        final List<List<Object>> equalValues = new ArrayList<>();
        int equalColumns;
        ColumnConstraint range;
        String text = "";

        boolean usable() {
            return equalColumns > 0 || range != null;
        }

        /** Leading key columns the conditions narrow: the equal ones and one more for a range. */
        int matched() {
            return equalColumns + (range != null ? 1 : 0);
        }

        long points() {
            long n = 1;
            for (List<Object> values : equalValues) {
                n *= values.size();
                if (n > MAX_POINTS) {
                    return n;
                }
            }
            return n;
        }

        /** Every combination of the equality values, in column order. */
        List<List<Object>> prefixes() {
            List<List<Object>> out = new ArrayList<>();
            out.add(List.of());
            for (List<Object> values : equalValues) {
                List<List<Object>> next = new ArrayList<>();
                for (List<Object> prefix : out) {
                    for (Object v : values) {
                        List<Object> longer = new ArrayList<>(prefix);
                        longer.add(v);
                        next.add(longer);
                    }
                }
                out = next;
            }
            return out;
        }
    }

    private static Candidate candidate(int[] slots, Map<Integer, ColumnConstraint> constraints) {
        Candidate c = new Candidate();
        List<String> used = new ArrayList<>();
        for (int slot : slots) {
            ColumnConstraint cc = constraints.get(slot);
            if (cc != null && cc.hasEquality()) {
                c.equalValues.add(cc.equals);
                c.equalColumns++;
                used.addAll(cc.equalityText);
                continue;
            }
            if (cc != null && cc.hasRange()) {
                c.range = cc;
                used.addAll(cc.rangeText);
            }
            break;
        }
        c.text = conditions(used);
        return c;
    }

    private static String conditions(List<String> used) {
        return "(" + String.join(" AND ", used) + ")";
    }

    /** Per equality prefix one span: the whole prefix, or the part the range on the next column allows. */
    private static List<AccessPath.Span> spans(byte[] base, Candidate c) {
        List<AccessPath.Span> spans = new ArrayList<>();
        for (List<Object> prefixValues : c.prefixes()) {
            byte[] prefix = Keys.concat(base, TupleCodec.encode(prefixValues));
            byte[] from = prefix;
            byte[] to = Bytes.prefixEnd(prefix);
            ColumnConstraint r = c.range;
            if (r != null) {
                if (r.lower != null || r.upper != null) {
                    // NULLs sort first and never satisfy a range: start after them.
                    from = Bytes.prefixEnd(Keys.concat(prefix, new byte[] {TupleCodec.NULL}));
                    if (r.lower != null) {
                        byte[] lo = Keys.concat(prefix, one(r.lower));
                        from = r.lowerInclusive ? lo : Bytes.prefixEnd(lo);
                    }
                    if (r.upper != null) {
                        byte[] hi = Keys.concat(prefix, one(r.upper));
                        to = r.upperInclusive ? Bytes.prefixEnd(hi) : hi;
                    }
                } else {
                    from = Keys.concat(prefix, TupleCodec.textPrefix(r.prefix));
                    to = Bytes.prefixEnd(from);
                }
            }
            if (Bytes.compare(from, to) < 0) {
                spans.add(new AccessPath.Span(from, to));
            }
        }
        return spans;
    }

    private static byte[] one(Object value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TupleCodec.encode(out, value);
        return out.toByteArray();
    }

    private static void analyze(Scope scope, int entry, Expression e, Map<Integer, ColumnConstraint> constraints) {
        TableDef table = scope.entries().get(entry).table();
        String text = e.toString();
        if (e instanceof ComparisonOperator op && !(op.getLeftExpression() instanceof Column && op.getRightExpression() instanceof Column)) {
            boolean columnLeft = columnOf(scope, entry, op.getLeftExpression()) >= 0;
            Expression columnSide = columnLeft ? op.getLeftExpression() : op.getRightExpression();
            Expression valueSide = columnLeft ? op.getRightExpression() : op.getLeftExpression();
            int col = columnOf(scope, entry, columnSide);
            if (col < 0) {
                return;
            }
            Object v = keyValue(scope, table.column(col), valueSide);
            if (v == null) {
                return;
            }
            ColumnConstraint cc = constraints.computeIfAbsent(col, k -> new ColumnConstraint());
            if (e instanceof EqualsTo) {
                cc.addEquals(List.of(v), text);
            } else if (e instanceof GreaterThan) {
                addBound(cc, v, !columnLeft, false, text);
            } else if (e instanceof GreaterThanEquals) {
                addBound(cc, v, !columnLeft, true, text);
            } else if (e instanceof MinorThan) {
                addBound(cc, v, columnLeft, false, text);
            } else if (e instanceof MinorThanEquals) {
                addBound(cc, v, columnLeft, true, text);
            }
        } else if (e instanceof InExpression in && !in.isNot() && in.getRightExpression() instanceof ExpressionList<?> list) {
            int col = columnOf(scope, entry, in.getLeftExpression());
            if (col < 0) {
                return;
            }
            List<Object> values = new ArrayList<>();
            for (Expression item : list) {
                Object v = keyValue(scope, table.column(col), item);
                if (v != null) {
                    values.add(v);
                } else if (!isNullConstant(scope, item)) {
                    return;
                }
            }
            constraints.computeIfAbsent(col, k -> new ColumnConstraint()).addEquals(values, text);
        } else if (e instanceof Between b && !b.isNot()) {
            int col = columnOf(scope, entry, b.getLeftExpression());
            if (col < 0) {
                return;
            }
            Object lo = keyValue(scope, table.column(col), b.getBetweenExpressionStart());
            Object hi = keyValue(scope, table.column(col), b.getBetweenExpressionEnd());
            if (lo == null || hi == null) {
                return;
            }
            ColumnConstraint cc = constraints.computeIfAbsent(col, k -> new ColumnConstraint());
            cc.addLower(lo, true, text);
            cc.addUpper(hi, true, null);
        } else if (e instanceof LikeExpression like && !like.isNot() && like.getEscape() == null
                && (like.getLikeKeyWord() == null || like.getLikeKeyWord().name().equals("LIKE"))
                && ExprCompiler.fixedText(like.getRightExpression(), scope.params()) != null) {
            int col = columnOf(scope, entry, like.getLeftExpression());
            if (col < 0 || table.column(col).type() != SqlType.TEXT) {
                return;
            }
            String pattern = ExprCompiler.fixedText(like.getRightExpression(), scope.params());
            constraints.computeIfAbsent(col, k -> new ColumnConstraint()).addPrefix(Like.literalPrefix(pattern), text);
        }
    }

    /** {@code upperBound}: the constant bounds the column from above (col < v or v > col). */
    private static void addBound(ColumnConstraint cc, Object v, boolean upperBound, boolean inclusive, String text) {
        if (upperBound) {
            cc.addUpper(v, inclusive, text);
        } else {
            cc.addLower(v, inclusive, text);
        }
    }

    /** The column index within the table when {@code e} is a column of scope entry {@code entry}, else -1. */
    private static int columnOf(Scope scope, int entry, Expression e) {
        if (!(e instanceof Column c)) {
            return -1;
        }
        try {
            String qualifier = c.getTable() == null || c.getTable().getName() == null ? null : Names.normalize(c.getTable().getName());
            int[] found = scope.resolve(qualifier, Names.normalize(c.getColumnName()));
            return found[0] == entry ? found[1] - scope.entries().get(entry).offset() : -1;
        } catch (ApiException notAColumn) {
            return -1;
        }
    }

    /**
     * A constant converted to the column's type, or {@code null} when the expression is not a constant or
     * its type would compare differently in a key than in the residual check (numbers against TEXT, JSON).
     */
    private static Object keyValue(Scope scope, ColumnDef column, Expression e) {
        Object v;
        try {
            v = Values.unwrapJson(ExprCompiler.constant(e, scope.params()));
        } catch (ApiException notConstant) {
            return null;
        }
        if (v == null || column.type() == SqlType.JSON || (column.type() == SqlType.TEXT && !(v instanceof String))
                || (column.type() == SqlType.BOOLEAN && !(v instanceof Boolean))) {
            return null;
        }
        try {
            return Values.assign(v, new ColumnDef(column.name(), column.type(), false, 0, false));
        } catch (IllegalArgumentException e2) {
            return null;
        }
    }

    private static boolean isNullConstant(Scope scope, Expression e) {
        try {
            return Values.unwrapJson(ExprCompiler.constant(e, scope.params())) == null;
        } catch (ApiException notConstant) {
            return false;
        }
    }
}
