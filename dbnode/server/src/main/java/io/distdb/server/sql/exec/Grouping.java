package io.distdb.server.sql.exec;

import io.distdb.server.sql.SqlErrors;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.expr.Aggregates;
import io.distdb.server.sql.expr.Expr;
import io.distdb.server.sql.expr.ExprCompiler;
import io.distdb.server.sql.expr.GroupBinder;
import io.distdb.server.sql.expr.Names;
import io.distdb.server.sql.expr.Params;
import io.distdb.server.sql.expr.Scope;
import io.distdb.server.sql.expr.Values;
import io.distdb.storage.Bytes;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.statement.select.AllColumns;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * GROUP BY and aggregates. A group row is {@code [key values..., aggregate results...]}; expressions after
 * grouping are compiled against it through {@link GroupBinder}. Without GROUP BY the whole input is one
 * group, which exists even when the input is empty (so COUNT(*) over nothing is 0).
 */
final class Grouping implements GroupBinder {

    private final Scope scope;
    private final List<Expr> keys = new ArrayList<>();
    private final List<String> keyIds = new ArrayList<>();
    private final List<String> keyText = new ArrayList<>();
    private final List<Aggregates.Spec> aggregates = new ArrayList<>();
    private final List<String> aggregateText = new ArrayList<>();
    private final List<String> aggregateIds = new ArrayList<>();

    Grouping(Scope scope, List<Expression> groupBy) {
        this.scope = scope;
        for (Expression e : groupBy) {
            keys.add(new ExprCompiler(scope).compile(e));
            keyIds.add(identity(e));
            keyText.add(e.toString());
        }
    }

    /** Column references are the same key however they are qualified; other expressions by their text. */
    private String identity(Expression e) {
        if (e instanceof Column c) {
            String qualifier = c.getTable() == null || c.getTable().getName() == null ? null : Names.normalize(c.getTable().getName());
            return "#" + scope.resolve(qualifier, Names.normalize(c.getColumnName()))[1];
        }
        return Params.identity(e).toLowerCase(Locale.ROOT);
    }

    @Override
    public Expr groupKey(Expression e) {
        if (keys.isEmpty() || e instanceof Function f && Aggregates.isAggregate(f.getName())) {
            return null;
        }
        String id;
        try {
            id = identity(e);
        } catch (RuntimeException notAColumn) {
            return null;
        }
        int slot = keyIds.indexOf(id);
        return slot < 0 ? null : row -> row[slot];
    }

    @Override
    public Expr aggregate(Function call) {
        String name = call.getName().toUpperCase(Locale.ROOT);
        String id = Params.identity(call);
        int existing = aggregateIds.indexOf(id);
        if (existing < 0) {
            Expr argument = null;
            boolean star = call.isAllColumns() || (call.getParameters() != null && call.getParameters().size() == 1
                    && call.getParameters().get(0) instanceof AllColumns);
            if (star) {
                if (!name.equals("COUNT") || call.isDistinct()) {
                    throw SqlErrors.error(name + "(*) is not valid; only COUNT(*) is");
                }
            } else {
                if (call.getParameters() == null || call.getParameters().size() != 1) {
                    throw SqlErrors.error(name + " takes exactly one argument");
                }
                argument = new ExprCompiler(scope).compile((Expression) call.getParameters().get(0));
            }
            aggregates.add(new Aggregates.Spec(name, argument, call.isDistinct()));
            aggregateIds.add(id);
            aggregateText.add(call.toString());
            existing = aggregates.size() - 1;
        }
        int slot = keys.size() + existing;
        return row -> row[slot];
    }

    String describe() {
        return "AGGREGATE" + (keyText.isEmpty() ? "" : " GROUP BY " + String.join(", ", keyText))
                + (aggregateText.isEmpty() ? "" : ": " + String.join(", ", aggregateText));
    }

    Groups newGroups() {
        return new Groups();
    }

    /**
     * The groups of one execution, in order of first appearance. Groups folded on replicas are merged from
     * their partial results ({@link #partial}, {@link #merge}) and ordered by the row key each was first seen
     * at, which is the order a single ordered scan would have seen them in.
     */
    final class Groups {
        private final Map<List<Object>, Object[]> keyValues = new LinkedHashMap<>();
        private final Map<List<Object>, Aggregates.Accumulator[]> states = new LinkedHashMap<>();
        private final Map<List<Object>, byte[]> firstRowKeys = new HashMap<>();
        private boolean merged;

        /** Adds a row read at {@code rowKey}, on a replica folding its part of the table. */
        void add(Object[] row, byte[] rowKey) {
            List<Object> key = add(row);
            firstRowKeys.putIfAbsent(key, rowKey);
        }

        List<Object> add(Object[] row) {
            Object[] values = new Object[keys.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = keys.get(i).eval(row);
            }
            List<Object> key = Values.keyOf(values);
            Aggregates.Accumulator[] accs = states.get(key);
            if (accs == null) {
                accs = newAccumulators();
                states.put(key, accs);
                keyValues.put(key, values);
            }
            for (Aggregates.Accumulator a : accs) {
                a.add(row);
            }
            return key;
        }

        /** This replica's groups with their first row keys and accumulator states. */
        byte[] partial(RowCodec codec) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.writeInt(states.size());
                for (Map.Entry<List<Object>, Aggregates.Accumulator[]> e : states.entrySet()) {
                    List<Object> flat = new ArrayList<>(Arrays.asList(keyValues.get(e.getKey())));
                    for (Aggregates.Accumulator a : e.getValue()) {
                        Object[] state = a.state();
                        flat.add((long) state.length);
                        flat.addAll(Arrays.asList(state));
                    }
                    byte[] first = firstRowKeys.get(e.getKey());
                    out.writeInt(first.length);
                    out.write(first);
                    byte[] encoded = codec.encode(flat.toArray());
                    out.writeInt(encoded.length);
                    out.write(encoded);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        /** Takes in one replica's {@link #partial}. */
        void merge(byte[] partial, RowCodec codec) {
            merged = true;
            DataInputStream in = new DataInputStream(new ByteArrayInputStream(partial));
            try {
                int groups = in.readInt();
                for (int g = 0; g < groups; g++) {
                    byte[] first = new byte[in.readInt()];
                    in.readFully(first);
                    byte[] encoded = new byte[in.readInt()];
                    in.readFully(encoded);
                    Object[] flat = codec.decodeAll(encoded);
                    Object[] values = Arrays.copyOf(flat, keys.size());
                    List<Object> key = Values.keyOf(values);
                    Aggregates.Accumulator[] accs = states.get(key);
                    if (accs == null) {
                        accs = newAccumulators();
                        states.put(key, accs);
                        keyValues.put(key, values);
                    }
                    int at = keys.size();
                    for (Aggregates.Accumulator a : accs) {
                        int length = (int) (long) (Long) flat[at];
                        a.merge(Arrays.copyOfRange(flat, at + 1, at + 1 + length));
                        at += 1 + length;
                    }
                    byte[] known = firstRowKeys.get(key);
                    if (known == null || Bytes.compare(first, known) < 0) {
                        firstRowKeys.put(key, first);
                    }
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("a replica's partial aggregate is unreadable: " + e.getMessage(), e);
            }
        }

        List<Object[]> rows() {
            if (states.isEmpty() && keys.isEmpty()) {
                states.put(List.of(), newAccumulators());
                keyValues.put(List.of(), new Object[0]);
            }
            List<Map.Entry<List<Object>, Aggregates.Accumulator[]>> entries = new ArrayList<>(states.entrySet());
            if (merged) {
                entries.sort((a, b) -> {
                    byte[] x = firstRowKeys.get(a.getKey());
                    byte[] y = firstRowKeys.get(b.getKey());
                    return x == null || y == null ? 0 : Bytes.compare(x, y);
                });
            }
            List<Object[]> rows = new ArrayList<>();
            for (Map.Entry<List<Object>, Aggregates.Accumulator[]> e : entries) {
                Object[] row = new Object[keys.size() + aggregates.size()];
                Object[] values = keyValues.get(e.getKey());
                System.arraycopy(values, 0, row, 0, values.length);
                for (int i = 0; i < aggregates.size(); i++) {
                    row[keys.size() + i] = e.getValue()[i].result();
                }
                rows.add(row);
            }
            return rows;
        }

        private Aggregates.Accumulator[] newAccumulators() {
            Aggregates.Accumulator[] accs = new Aggregates.Accumulator[aggregates.size()];
            for (int i = 0; i < accs.length; i++) {
                accs[i] = aggregates.get(i).newAccumulator();
            }
            return accs;
        }
    }
}
