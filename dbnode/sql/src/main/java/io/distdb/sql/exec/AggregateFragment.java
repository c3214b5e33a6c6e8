package io.distdb.sql.exec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.plan.BoundExpr;
import io.distdb.sql.plan.Exprs;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A grouped query over one table folded on the replicas: each replica applies the table's conditions to
 * its rows, groups them and keeps each aggregate's partial state (COUNT and SUM as values, AVG as sum and
 * count, MIN and MAX as values, BOOL_AND/BOOL_OR as booleans); the coordinator merges the partial groups.
 * The replicated keyspace uses the partial results only where the replicas it heard from agree on every
 * row (see the node's {@code FoldedScans}); elsewhere the coordinator reads the rows.
 *
 * <p>Wire form: {@code DSQA}, a version byte, JSON; versioned as {@link ScanFragment} is. A partial result
 * is JSON too; a replica that fails to evaluate a row (a type error) answers {@code {"error": true}} and the
 * coordinator reads the rows instead, so the error is reported as on a single node.
 */
public final class AggregateFragment {

    public static final int VERSION = 1;
    private static final FragmentFrame FRAME = new FragmentFrame("DSQA", VERSION, "aggregate");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TableDef table;
    private final BoundExpr filter;
    private final List<BoundExpr> groups;
    private final List<String> functions;
    private final List<BoundExpr> arguments;
    private final List<SqlType> types;
    private final byte[] bytes;
    private final ObjectMapper json;

    private AggregateFragment(TableDef table, BoundExpr filter, List<BoundExpr> groups, List<String> functions,
                              List<BoundExpr> arguments, List<SqlType> types, byte[] bytes, ObjectMapper json) {
        this.table = table;
        this.filter = filter;
        this.groups = groups;
        this.functions = functions;
        this.arguments = arguments;
        this.types = types;
        this.bytes = bytes;
        this.json = json;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    /** Whether replicas can fold {@code aggregate}: one table's scan below it, and aggregates with partial states. */
    public static boolean foldable(LogicalPlan.Aggregate aggregate) {
        if (!(aggregate.input() instanceof LogicalPlan.Scan scan) || scan.table().documents()) {
            return false;
        }
        if (scan.access() != null && scan.access().point()) {
            return false;
        }
        for (BoundExpr f : scan.filters()) {
            if (Exprs.hasSubquery(f) || !ScanFragment.serializable(f)) {
                return false;
            }
        }
        for (BoundExpr g : aggregate.groups()) {
            if (Exprs.hasSubquery(g) || !ScanFragment.serializable(g)) {
                return false;
            }
        }
        for (LogicalPlan.AggregateCall c : aggregate.aggregates()) {
            if (c.distinct() || c.function().equals("string_agg")
                    || c.argument() != null && (Exprs.hasSubquery(c.argument()) || !ScanFragment.serializable(c.argument()))) {
                return false;
            }
        }
        return true;
    }

    /** The fragment for {@code aggregate} as it runs in {@code ctx}; {@link #foldable} must hold. */
    public static AggregateFragment forAggregate(LogicalPlan.Aggregate aggregate, QueryContext ctx, ObjectMapper json) {
        LogicalPlan.Scan scan = (LogicalPlan.Scan) aggregate.input();
        int offset = scan.offset();
        List<BoundExpr> filters = new ArrayList<>();
        for (BoundExpr f : scan.filters()) {
            filters.add(ScanFragment.localize(f, offset, ctx));
        }
        BoundExpr filter = Exprs.and(filters);
        List<BoundExpr> groups = new ArrayList<>();
        for (BoundExpr g : aggregate.groups()) {
            groups.add(ScanFragment.localize(g, offset, ctx));
        }
        List<String> functions = new ArrayList<>();
        List<BoundExpr> arguments = new ArrayList<>();
        List<SqlType> types = new ArrayList<>();
        for (LogicalPlan.AggregateCall c : aggregate.aggregates()) {
            functions.add(c.function());
            arguments.add(c.argument() == null ? null : ScanFragment.localize(c.argument(), offset, ctx));
            types.add(c.type());
        }
        ObjectNode body = NODES.objectNode();
        body.set("table", json.valueToTree(scan.table()));
        if (filter != null) {
            body.set("filter", ScanFragment.write(filter));
        }
        ArrayNode g = body.putArray("groups");
        groups.forEach(e -> g.add(ScanFragment.write(e)));
        ArrayNode a = body.putArray("aggregates");
        for (int i = 0; i < functions.size(); i++) {
            ObjectNode call = a.addObject().put("fn", functions.get(i)).put("type", types.get(i).name());
            if (arguments.get(i) != null) {
                call.set("arg", ScanFragment.write(arguments.get(i)));
            }
        }
        try {
            byte[] jsonBytes = json.writeValueAsBytes(body);
            byte[] out = FRAME.wrap(jsonBytes);
            return new AggregateFragment(scan.table(), filter, groups, functions, arguments, types, out, json);
        } catch (IOException e) {
            throw new IllegalStateException("an aggregate fragment is always JSON", e);
        }
    }

    /** Reads a fragment a coordinator sent; {@link IllegalArgumentException} when it cannot be read. */
    public static AggregateFragment read(byte[] bytes, ObjectMapper json) {
        byte[] framed = FRAME.unwrap(bytes);
        try {
            JsonNode body = json.readTree(framed);
            TableDef table = json.treeToValue(body.get("table"), TableDef.class);
            List<BoundExpr> groups = new ArrayList<>();
            body.get("groups").forEach(g -> groups.add(ScanFragment.read(g)));
            List<String> functions = new ArrayList<>();
            List<BoundExpr> arguments = new ArrayList<>();
            List<SqlType> types = new ArrayList<>();
            for (JsonNode call : body.get("aggregates")) {
                functions.add(call.get("fn").asText());
                arguments.add(call.has("arg") ? ScanFragment.read(call.get("arg")) : null);
                types.add(SqlType.valueOf(call.get("type").asText()));
            }
            return new AggregateFragment(table, body.has("filter") ? ScanFragment.read(body.get("filter")) : null, groups,
                    functions, arguments, types, bytes, json);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable SQL aggregate fragment: " + e.getMessage());
        }
    }

    /** EXPLAIN's line for a folded aggregate. */
    public static String describe(LogicalPlan.Aggregate aggregate) {
        if (!foldable(aggregate)) {
            return null;
        }
        List<String> parts = new ArrayList<>();
        for (LogicalPlan.AggregateCall c : aggregate.aggregates()) {
            parts.add(c.function() + "(" + (c.argument() == null ? "*" : Exprs.describe(c.argument())) + ")");
        }
        return "ON REPLICAS: PARTIAL AGGREGATE" + (aggregate.groups().isEmpty() ? "" : " GROUP BY "
                + String.join(", ", aggregate.groups().stream().map(Exprs::describe).toList())) + ": " + String.join(", ", parts);
    }

    // ---- the replica's side --------------------------------------------------------------------------------

    /** One replica's pass over its rows of a range. */
    public Partial start(RowCodec codec) {
        return new Partial(codec);
    }

    public final class Partial {
        private final TableRows rows;
        private final QueryContext ctx = new QueryContext(new Object[0], Long.MAX_VALUE, 0, StatementControl.none());
        private final Map<List<Object>, Object[][]> partials = new LinkedHashMap<>();
        private boolean failed;

        Partial(RowCodec codec) {
            this.rows = new TableRows(codec);
        }

        /** Adds one stored row (rows come in key order); {@code key} is the row's key. */
        public void add(byte[] key, byte[] storedRow) {
            if (failed) {
                return;
            }
            try {
                Object[] row = rows.decode(table, storedRow);
                if (filter != null && !Boolean.TRUE.equals(Values.truth(filter.eval(ctx, row)))) {
                    return;
                }
                Object[] keys = new Object[groups.size()];
                Object[] hashes = new Object[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = groups.get(i).eval(ctx, row);
                    hashes[i] = keys[i] == null ? null : Values.hashKey(keys[i]);
                }
                Object[][] group = partials.computeIfAbsent(Arrays.asList(hashes),
                        k -> new Object[][] {keys, new Object[functions.size()], {key}});
                for (int i = 0; i < functions.size(); i++) {
                    Object v = arguments.get(i) == null ? Boolean.TRUE : arguments.get(i).eval(ctx, row);
                    if (v != null) {
                        group[1][i] = accumulate(i, group[1][i], v);
                    }
                }
            } catch (RuntimeException evaluationFailed) {
                failed = true;
            }
        }

        /** The partial groups as bytes for the coordinator. */
        public byte[] finish() {
            ObjectNode out = NODES.objectNode();
            if (failed) {
                out.put("error", true);
            } else {
                ArrayNode list = out.putArray("groups");
                for (Object[][] g : partials.values()) {
                    ObjectNode group = list.addObject();
                    ArrayNode keys = group.putArray("k");
                    for (Object k : g[0]) {
                        keys.add(value(k));
                    }
                    ArrayNode states = group.putArray("s");
                    for (int i = 0; i < functions.size(); i++) {
                        states.add(state(i, g[1][i]));
                    }
                    // The key of the group's first row: the coordinator orders the merged groups by it, so they
                    // come out in the order of their first rows, as on a single node.
                    group.put("first", (byte[]) g[2][0]);
                }
            }
            try {
                return json.writeValueAsBytes(out);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    /** Partial state after adding {@code v}: count a long, avg {sum, count}, others the running value. */
    private Object accumulate(int i, Object state, Object v) {
        String fn = functions.get(i);
        SqlType type = types.get(i);
        switch (fn) {
            case "count":
                return state == null ? 1L : (Long) state + 1;
            case "sum":
                return state == null ? Values.cast(v, type, 0) : Values.add(state, v, type);
            case "avg": {
                Object[] s = state == null ? new Object[] {null, 0L} : (Object[]) state;
                Object x = Values.cast(v, type, 0);
                s[0] = s[0] == null ? x : Values.add(s[0], x, type);
                s[1] = (Long) s[1] + 1;
                return s;
            }
            case "min":
            case "max": {
                if (state == null) {
                    return v;
                }
                int c = Values.compare(v, state);
                return fn.equals("min") ? (c < 0 ? v : state) : (c > 0 ? v : state);
            }
            case "bool_and":
                return state == null ? v : (Boolean) state && (Boolean) v;
            case "bool_or":
                return state == null ? v : (Boolean) state || (Boolean) v;
            default:
                throw new IllegalStateException(fn);
        }
    }

    private JsonNode state(int i, Object state) {
        if (state == null) {
            return NODES.nullNode();
        }
        if (functions.get(i).equals("avg")) {
            Object[] s = (Object[]) state;
            ArrayNode a = NODES.arrayNode();
            a.add(value(s[0]));
            a.add((Long) s[1]);
            return a;
        }
        if (functions.get(i).equals("count")) {
            return NODES.numberNode((Long) state);
        }
        return value(state);
    }

    private static JsonNode value(Object v) {
        if (v == null) {
            return NODES.nullNode();
        }
        ObjectNode n = NODES.objectNode();
        n.put("t", Values.typeOf(v).name());
        n.put("v", Values.toText(v));
        return n;
    }

    private static Object valueOf(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        SqlType t = SqlType.valueOf(n.get("t").asText());
        return Values.parseText(n.get("v").asText(), t);
    }

    // ---- the coordinator's side -----------------------------------------------------------------------------

    /**
     * Merges the replicas' partial groups into the aggregation's rows (group values, then results), or
     * {@code null} when a replica could not evaluate its rows and the coordinator must read them instead.
     */
    public List<Object[]> merge(List<byte[]> partialResults, QueryContext ctx) {
        Map<List<Object>, Object[][]> merged = new LinkedHashMap<>();
        for (byte[] bytes : partialResults) {
            JsonNode body;
            try {
                body = json.readTree(bytes);
            } catch (IOException e) {
                throw new IllegalStateException("unreadable partial aggregate from a replica", e);
            }
            if (body.path("error").asBoolean(false)) {
                return null;
            }
            for (JsonNode group : body.get("groups")) {
                ctx.tick();
                Object[] keys = new Object[groups.size()];
                Object[] hashes = new Object[keys.length];
                for (int i = 0; i < keys.length; i++) {
                    keys[i] = valueOf(group.get("k").get(i));
                    hashes[i] = keys[i] == null ? null : Values.hashKey(keys[i]);
                }
                byte[] first;
                try {
                    first = group.get("first").binaryValue();
                } catch (IOException e) {
                    throw new IllegalStateException("unreadable partial aggregate from a replica", e);
                }
                Object[][] target = merged.computeIfAbsent(Arrays.asList(hashes), k -> {
                    ctx.reserve(Executor.rowBytes(keys) + 64L * functions.size());
                    return new Object[][] {keys, new Object[functions.size()], {first}};
                });
                if (Arrays.compareUnsigned(first, (byte[]) target[2][0]) < 0) {
                    target[2][0] = first;
                }
                for (int i = 0; i < functions.size(); i++) {
                    target[1][i] = combine(i, target[1][i], group.get("s").get(i));
                }
            }
        }
        if (merged.isEmpty() && groups.isEmpty()) {
            merged.put(List.of(), new Object[][] {new Object[0], new Object[functions.size()], {new byte[0]}});
        }
        List<Object[][]> ordered = new ArrayList<>(merged.values());
        ordered.sort((a, b) -> Arrays.compareUnsigned((byte[]) a[2][0], (byte[]) b[2][0]));
        List<Object[]> out = new ArrayList<>();
        for (Object[][] g : ordered) {
            Object[] row = new Object[groups.size() + functions.size()];
            System.arraycopy(g[0], 0, row, 0, groups.size());
            for (int i = 0; i < functions.size(); i++) {
                row[groups.size() + i] = result(i, g[1][i]);
            }
            out.add(row);
        }
        return out;
    }

    private Object combine(int i, Object state, JsonNode partial) {
        if (partial == null || partial.isNull()) {
            return state;
        }
        String fn = functions.get(i);
        SqlType type = types.get(i);
        switch (fn) {
            case "count":
                return (state == null ? 0L : (Long) state) + partial.asLong();
            case "avg": {
                Object sum = valueOf(partial.get(0));
                long n = partial.get(1).asLong();
                Object[] s = state == null ? new Object[] {null, 0L} : (Object[]) state;
                s[0] = s[0] == null ? sum : sum == null ? s[0] : Values.add(s[0], sum, type);
                s[1] = (Long) s[1] + n;
                return s;
            }
            default: {
                Object v = valueOf(partial);
                return state == null ? v : accumulate(i, state, v);
            }
        }
    }

    private Object result(int i, Object state) {
        String fn = functions.get(i);
        if (fn.equals("count")) {
            return state == null ? 0L : state;
        }
        if (fn.equals("avg")) {
            if (state == null) {
                return null;
            }
            Object[] s = (Object[]) state;
            long n = (Long) s[1];
            if (n == 0) {
                return null;
            }
            return types.get(i) == SqlType.DOUBLE ? ((Number) s[0]).doubleValue() / n
                    : Values.divide(Values.cast(s[0], SqlType.NUMERIC, 0), BigDecimal.valueOf(n), SqlType.NUMERIC);
        }
        return state;
    }
}
