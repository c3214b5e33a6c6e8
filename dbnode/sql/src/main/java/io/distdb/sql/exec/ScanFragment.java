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
import io.distdb.sql.types.Functions;
import io.distdb.sql.types.Like;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The part of a scan that replicas run: the table's own conditions, as a serialized plan fragment (never
 * SQL text). A coordinator builds it when a scan opens, with parameters and enclosing rows already turned
 * into constants; each replica decodes it and checks every stored row before sending it, so rows that fail
 * travel as tombstones (see the node's {@code EntryShaper}).
 *
 * <p>Wire form: the bytes {@code DSQL}, a version byte, then JSON. A replica refuses a version it does not
 * know with a clear error, so during a rolling upgrade a newer coordinator's fragment is either understood
 * or refused, never misread. Version 1 is this format.
 */
public final class ScanFragment {

    public static final int VERSION = 1;
    private static final FragmentFrame FRAME = new FragmentFrame("DSQL", VERSION, "scan");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final TableDef table;
    private final BoundExpr filter;
    private final java.util.BitSet columns;
    private final byte[] bytes;

    private ScanFragment(TableDef table, BoundExpr filter, java.util.BitSet columns, byte[] bytes) {
        this.table = table;
        this.filter = filter;
        this.columns = columns;
        this.bytes = bytes;
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public TableDef table() {
        return table;
    }

    /** The conditions of {@code scan} that replicas can check, in table slots; empty if none. */
    public static List<BoundExpr> pushable(LogicalPlan.Scan scan) {
        List<BoundExpr> out = new ArrayList<>();
        for (BoundExpr f : scan.filters()) {
            if (!Exprs.hasSubquery(f) && !Exprs.hasAggregate(f) && serializable(f)) {
                out.add(f);
            }
        }
        return out;
    }

    /**
     * The fragment for {@code scan} as it opens in {@code ctx}, or {@code null} when replicas have nothing to
     * do (no pushable condition and every column read, or a document collection).
     */
    public static ScanFragment forScan(LogicalPlan.Scan scan, QueryContext ctx, ObjectMapper json) {
        if (scan.table().documents()) {
            return null;
        }
        List<BoundExpr> parts = new ArrayList<>();
        for (BoundExpr f : pushable(scan)) {
            parts.add(localize(f, scan.offset(), ctx));
        }
        java.util.BitSet trimmed = trimmedColumns(scan);
        if (parts.isEmpty() && trimmed == null) {
            return null;
        }
        BoundExpr filter = Exprs.and(parts);
        ObjectNode body = NODES.objectNode();
        body.set("table", json.valueToTree(scan.table()));
        if (filter != null) {
            body.set("filter", write(filter));
        }
        if (trimmed != null) {
            ArrayNode kept = body.putArray("columns");
            trimmed.stream().forEach(kept::add);
        }
        try {
            byte[] jsonBytes = json.writeValueAsBytes(body);
            byte[] out = FRAME.wrap(jsonBytes);
            return new ScanFragment(scan.table(), filter, trimmed, out);
        } catch (IOException e) {
            throw new IllegalStateException("a scan fragment is always JSON", e);
        }
    }

    /** Reads a fragment a coordinator sent; {@link IllegalArgumentException} when it cannot be read. */
    public static ScanFragment read(byte[] bytes, ObjectMapper json) {
        byte[] framed = FRAME.unwrap(bytes);
        try {
            JsonNode body = json.readTree(framed);
            TableDef table = json.treeToValue(body.get("table"), TableDef.class);
            java.util.BitSet columns = null;
            if (body.has("columns")) {
                columns = new java.util.BitSet();
                for (JsonNode c : body.get("columns")) {
                    columns.set(c.asInt());
                }
            }
            return new ScanFragment(table, body.has("filter") ? read(body.get("filter")) : null, columns, bytes);
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("unreadable SQL scan fragment: " + e.getMessage());
        }
    }

    /**
     * What a replica sends for a stored row: {@code null} when the row fails the conditions; the row with
     * only the columns the query reads when it passes; the stored row unchanged when the conditions fail to
     * evaluate (a type error), so the coordinator reports the error as a single node would.
     */
    public byte[] shape(byte[] storedRow, RowCodec codec) {
        Object[] row;
        try {
            row = new TableRows(codec).decode(table, storedRow);
            if (filter != null) {
                QueryContext ctx = new QueryContext(new Object[0], Long.MAX_VALUE, 0, StatementControl.none());
                if (!Boolean.TRUE.equals(Values.truth(filter.eval(ctx, row)))) {
                    return null;
                }
            }
        } catch (RuntimeException evaluationFailed) {
            return storedRow;
        }
        if (columns == null) {
            return storedRow;
        }
        for (int i = 0; i < row.length; i++) {
            if (!columns.get(i)) {
                row[i] = null;
            }
        }
        return codec.encode(row);
    }

    /** The columns a scan reads, or {@code null} when it reads them all. */
    private static java.util.BitSet trimmedColumns(LogicalPlan.Scan scan) {
        java.util.BitSet read = scan.readColumns();
        int n = scan.table().columns().size();
        return read == null || read.cardinality() >= n ? null : read;
    }

    /** EXPLAIN's line for what replicas check. */
    public static String describe(LogicalPlan.Scan scan) {
        List<BoundExpr> parts = pushable(scan);
        java.util.BitSet trimmed = trimmedColumns(scan);
        if (parts.isEmpty() && trimmed == null || scan.table().documents()) {
            return null;
        }
        List<String> what = new ArrayList<>();
        if (!parts.isEmpty()) {
            what.add("FILTER " + String.join(" AND ", parts.stream().map(Exprs::describe).toList()));
        }
        if (trimmed != null) {
            what.add("COLUMNS " + String.join(", ", trimmed.stream().mapToObj(i -> scan.table().columns().get(i).name()).toList()));
        }
        return "ON REPLICAS: " + String.join("; ", what);
    }

    // ---- expressions to JSON and back ------------------------------------------------------------------------

    static boolean serializable(BoundExpr e) {
        if (e instanceof BoundExpr.AggregateRef || e instanceof BoundExpr.ScalarSubquery || e instanceof BoundExpr.Exists
                || e instanceof BoundExpr.QuantifiedSubquery) {
            return false;
        }
        for (BoundExpr c : Exprs.children(e)) {
            if (!serializable(c)) {
                return false;
            }
        }
        return true;
    }

    /** {@code e} over table slots, with parameters and enclosing columns replaced by their values now. */
    static BoundExpr localize(BoundExpr e, int offset, QueryContext ctx) {
        return Exprs.rewrite(e, node -> {
            if (node instanceof BoundExpr.Column c) {
                return new BoundExpr.Column(c.slot() - offset, c.type(), c.name());
            }
            if (node instanceof BoundExpr.Param || node instanceof BoundExpr.OuterColumn) {
                Object v = node.eval(ctx, null);
                SqlType t = node.type() == SqlType.UNKNOWN && v != null ? Values.typeOf(v) : node.type();
                return new BoundExpr.Constant(v, t);
            }
            return null;
        });
    }

    static ObjectNode write(BoundExpr e) {
        ObjectNode n = NODES.objectNode();
        if (e instanceof BoundExpr.Column c) {
            n.put("k", "col").put("slot", c.slot()).put("type", c.type().name()).put("name", c.name());
        } else if (e instanceof BoundExpr.Constant c) {
            n.put("k", "const").put("type", c.type().name());
            if (c.value() != null) {
                n.put("v", Values.toText(c.value()));
            }
        } else if (e instanceof BoundExpr.Cast c) {
            n.put("k", "cast").put("type", c.type().name()).put("len", c.maxLength()).put("explicit", c.explicit());
            n.set("e", write(c.operand()));
        } else if (e instanceof BoundExpr.Arithmetic a) {
            n.put("k", "arith");
            n.set("args", list(a.operands()));
            ArrayNode ops = n.putArray("ops");
            a.ops().forEach(ops::add);
            ArrayNode types = n.putArray("types");
            a.stepTypes().forEach(t -> types.add(t.name()));
        } else if (e instanceof BoundExpr.Negate g) {
            n.put("k", "neg").put("type", g.type().name());
            n.set("e", write(g.operand()));
        } else if (e instanceof BoundExpr.Compare c) {
            n.put("k", "cmp").put("op", c.op());
            n.set("l", write(c.left()));
            n.set("r", write(c.right()));
        } else if (e instanceof BoundExpr.IsDistinct d) {
            n.put("k", "distinct").put("not", d.not());
            n.set("l", write(d.left()));
            n.set("r", write(d.right()));
        } else if (e instanceof BoundExpr.Logic l) {
            n.put("k", "logic").put("and", l.and());
            n.set("args", list(l.operands()));
        } else if (e instanceof BoundExpr.Not x) {
            n.put("k", "not");
            n.set("e", write(x.operand()));
        } else if (e instanceof BoundExpr.IsNull x) {
            n.put("k", "isnull").put("not", x.not());
            n.set("e", write(x.operand()));
        } else if (e instanceof BoundExpr.IsBoolean x) {
            n.put("k", "isbool").put("not", x.not());
            if (x.value() != null) {
                n.put("value", x.value());
            }
            n.set("e", write(x.operand()));
        } else if (e instanceof BoundExpr.InList x) {
            n.put("k", "in").put("not", x.not());
            n.set("e", write(x.operand()));
            n.set("args", list(x.values()));
        } else if (e instanceof BoundExpr.LikeMatch x) {
            n.put("k", "like").put("not", x.not()).put("ci", x.caseInsensitive());
            n.set("e", write(x.operand()));
            n.set("p", write(x.pattern()));
            if (x.escape() != null) {
                n.set("esc", write(x.escape()));
            }
        } else if (e instanceof BoundExpr.Case x) {
            n.put("k", "case").put("type", x.type().name());
            n.set("conds", list(x.conditions()));
            n.set("results", list(x.results()));
            if (x.otherwise() != null) {
                n.set("else", write(x.otherwise()));
            }
        } else if (e instanceof BoundExpr.SimpleCase x) {
            n.put("k", "scase").put("type", x.type().name());
            n.set("e", write(x.operand()));
            n.set("whens", list(x.whens()));
            n.set("results", list(x.results()));
            if (x.otherwise() != null) {
                n.set("else", write(x.otherwise()));
            }
        } else if (e instanceof BoundExpr.Coalesce x) {
            n.put("k", "coalesce").put("type", x.type().name());
            n.set("args", list(x.args()));
        } else if (e instanceof BoundExpr.Call x) {
            n.put("k", "call").put("name", x.name());
            ArrayNode types = n.putArray("argTypes");
            x.function().argTypes().forEach(t -> types.add(t.name()));
            n.set("args", list(x.args()));
        } else if (e instanceof BoundExpr.JsonGet x) {
            n.put("k", "json").put("text", x.asText());
            n.set("o", write(x.object()));
            n.set("key", write(x.key()));
        } else {
            throw new IllegalArgumentException("not part of a scan fragment: " + e.getClass().getSimpleName());
        }
        return n;
    }

    private static ArrayNode list(List<BoundExpr> exprs) {
        ArrayNode a = NODES.arrayNode();
        for (BoundExpr e : exprs) {
            a.add(write(e));
        }
        return a;
    }

    static BoundExpr read(JsonNode n) {
        String k = n.get("k").asText();
        switch (k) {
            case "col":
                return new BoundExpr.Column(n.get("slot").asInt(), type(n), n.path("name").asText());
            case "const": {
                SqlType t = type(n);
                JsonNode v = n.get("v");
                Object value = v == null ? null : t == SqlType.UNKNOWN ? v.asText() : Values.parseText(v.asText(), t);
                return new BoundExpr.Constant(value, t);
            }
            case "cast":
                return new BoundExpr.Cast(read(n.get("e")), type(n), n.get("len").asInt(), n.get("explicit").asBoolean());
            case "arith": {
                List<String> ops = new ArrayList<>();
                n.get("ops").forEach(o -> ops.add(o.asText()));
                List<SqlType> types = new ArrayList<>();
                n.get("types").forEach(t -> types.add(SqlType.valueOf(t.asText())));
                return new BoundExpr.Arithmetic(readList(n.get("args")), ops, types);
            }
            case "neg":
                return new BoundExpr.Negate(read(n.get("e")), type(n));
            case "cmp":
                return new BoundExpr.Compare(n.get("op").asText(), read(n.get("l")), read(n.get("r")));
            case "distinct":
                return new BoundExpr.IsDistinct(read(n.get("l")), read(n.get("r")), n.get("not").asBoolean());
            case "logic":
                return new BoundExpr.Logic(n.get("and").asBoolean(), readList(n.get("args")));
            case "not":
                return new BoundExpr.Not(read(n.get("e")));
            case "isnull":
                return new BoundExpr.IsNull(read(n.get("e")), n.get("not").asBoolean());
            case "isbool":
                return new BoundExpr.IsBoolean(read(n.get("e")), n.has("value") ? n.get("value").asBoolean() : null,
                        n.get("not").asBoolean());
            case "in":
                return new BoundExpr.InList(read(n.get("e")), readList(n.get("args")), n.get("not").asBoolean());
            case "like": {
                BoundExpr pattern = read(n.get("p"));
                BoundExpr escape = n.has("esc") ? read(n.get("esc")) : null;
                boolean ci = n.get("ci").asBoolean();
                Like compiled = null;
                if (pattern instanceof BoundExpr.Constant c && c.value() != null && escape == null) {
                    compiled = Like.compile(Values.toText(c.value()), '\\', ci);
                }
                return new BoundExpr.LikeMatch(read(n.get("e")), pattern, escape, n.get("not").asBoolean(), ci, compiled);
            }
            case "case":
                return new BoundExpr.Case(readList(n.get("conds")), readList(n.get("results")),
                        n.has("else") ? read(n.get("else")) : null, type(n));
            case "scase":
                return new BoundExpr.SimpleCase(read(n.get("e")), readList(n.get("whens")), readList(n.get("results")),
                        n.has("else") ? read(n.get("else")) : null, type(n));
            case "coalesce":
                return new BoundExpr.Coalesce(readList(n.get("args")), type(n));
            case "call": {
                List<SqlType> types = new ArrayList<>();
                n.get("argTypes").forEach(t -> types.add(SqlType.valueOf(t.asText())));
                Functions.Bound bound = Functions.get(n.get("name").asText()).bind(types);
                return new BoundExpr.Call(n.get("name").asText(), bound, readList(n.get("args")), bound.returnType());
            }
            case "json":
                return new BoundExpr.JsonGet(read(n.get("o")), read(n.get("key")), n.get("text").asBoolean());
            default:
                throw new IllegalArgumentException("unknown expression kind " + k);
        }
    }

    private static List<BoundExpr> readList(JsonNode a) {
        List<BoundExpr> out = new ArrayList<>();
        a.forEach(e -> out.add(read(e)));
        return out;
    }

    private static SqlType type(JsonNode n) {
        return SqlType.valueOf(n.get("type").asText());
    }
}
