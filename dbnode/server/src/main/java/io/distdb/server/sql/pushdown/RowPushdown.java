package io.distdb.server.sql.pushdown;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.distdb.server.replication.EntryShaper;
import io.distdb.server.sql.StatementParser;
import io.distdb.server.sql.catalog.TableDef;
import io.distdb.server.sql.codec.RowCodec;
import io.distdb.server.sql.exec.Conditions;
import io.distdb.server.sql.expr.Expr;
import io.distdb.server.sql.expr.ExprCompiler;
import io.distdb.server.sql.expr.Params;
import io.distdb.server.sql.expr.Scope;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.statement.ExplainStatement;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.select.PlainSelect;

import io.distdb.server.replication.EntryFold;
import io.distdb.server.sql.exec.SelectPlan;

import java.io.IOException;
import java.util.function.Supplier;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds what replicas do for a SELECT: the {@link EntryShaper}s that filter and trim the rows of its scans,
 * and the {@link EntryFold} that computes partial aggregates. On the coordinator from the plan
 * ({@link #forStatement}), on a replica from the spec it received ({@link #fromSpec}, {@link #foldFromSpec}).
 * Both sides compile the statement the same way, from the same text.
 */
public final class RowPushdown {

    private final ObjectMapper json;
    private final RowCodec codec;
    private final StatementParser parser = new StatementParser();

    public RowPushdown(ObjectMapper json) {
        this.json = json;
        this.codec = new RowCodec(json);
    }

    /** What the plan of {@code sql} uses to push each table's conditions and columns to the replicas. */
    public StatementPushdown forStatement(String sql) {
        return new StatementPushdown(sql);
    }

    /** The shaper a coordinator described; fails with {@link IllegalArgumentException} on a spec it cannot read. */
    public EntryShaper fromSpec(byte[] spec) {
        PushedScan scan;
        try {
            scan = json.readValue(spec, PushedScan.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a pushed scan: " + e.getMessage());
        }
        return build(scan, spec);
    }

    /** The fold a coordinator described (see {@link #forStatement}); fails with {@link IllegalArgumentException} on a spec it cannot read. */
    public EntryFold foldFromSpec(byte[] spec) {
        PushedAggregate aggregate;
        try {
            aggregate = json.readValue(spec, PushedAggregate.class);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a pushed aggregate: " + e.getMessage());
        }
        PlainSelect select = select(aggregate.sql());
        TableDef table = aggregate.table();
        SelectPlan plan = SelectPlan.plan(select, name -> name.equals(table.name()) ? table : null, Params.of(aggregate.params()));
        if (plan.foldRange() == null) {
            throw new IllegalArgumentException("the statement is not an aggregate a replica can fold");
        }
        return new GroupFold(spec, () -> plan.foldOnReplica(codec));
    }

    /** The pushdown of one statement. */
    public final class StatementPushdown {
        private final String sql;

        private StatementPushdown(String sql) {
            this.sql = sql;
        }

        public RowCodec codec() {
            return codec;
        }

        /**
         * The fold replicas run for an aggregate over {@code table}; {@code here} is this node's own part of
         * it. {@code null} when a parameter has no exact JSON form.
         */
        public EntryFold aggregate(TableDef table, Params params, Supplier<EntryFold.Accumulation> here) {
            List<JsonNode> values = portable(params);
            if (values == null) {
                return null;
            }
            try {
                return new GroupFold(json.writeValueAsBytes(new PushedAggregate(sql, values, table)), here);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a pushed aggregate is always JSON", e);
            }
        }

        /**
         * The shaper of one table's scan, or {@code null} when replicas would send the rows unchanged. The
         * conditions are left out when a parameter has no exact JSON form (a timestamp bound from Java).
         */
        public RowShaper scan(TableDef table, String alias, int step, List<Integer> where, List<Integer> on,
                                List<Integer> columns, Params params) {
            List<JsonNode> values = portable(params);
            if (values == null) {
                where = List.of();
                on = List.of();
                values = List.of();
            }
            boolean allColumns = columns.size() == table.columns().size();
            if (where.isEmpty() && on.isEmpty() && allColumns) {
                return null;
            }
            try {
                return build(new PushedScan(sql, values, table, alias, step, where, on, allColumns ? null : columns));
            } catch (RuntimeException conditionsDoNotCompileAlone) {
                // Replicas compile the conditions against this one table; if that cannot work, they only trim columns.
                return allColumns ? null : build(new PushedScan(sql, List.of(), table, alias, step, List.of(), List.of(), columns));
            }
        }

        private RowShaper build(PushedScan scan) {
            try {
                return RowPushdown.this.build(scan, json.writeValueAsBytes(scan));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("a pushed scan is always JSON", e);
            }
        }
    }

    private RowShaper build(PushedScan scan, byte[] spec) {
        TableDef table = scan.table();
        int width = table.columns().size();
        List<Expression> parts = conditions(scan);
        Expression all = Conditions.and(parts);
        Expr filter = all == null ? null
                : new ExprCompiler(Scope.of(table, scan.alias(), Params.of(scan.params()))).compile(all);
        boolean[] kept = null;
        StringBuilder description = new StringBuilder("ON REPLICAS:");
        if (all != null) {
            description.append(" FILTER ").append(all);
        }
        if (scan.columns() != null) {
            kept = new boolean[width];
            List<String> names = new ArrayList<>();
            for (int c : scan.columns()) {
                if (c < 0 || c >= width) {
                    throw new IllegalArgumentException("column " + c + " is not a column of " + table.name());
                }
                kept[c] = true;
                names.add(table.column(c).name());
            }
            description.append(all == null ? " " : "; ").append("COLUMNS ").append(String.join(", ", names));
        }
        return new RowShaper(spec, codec, width, filter, kept, description.toString());
    }

    private PlainSelect select(String sql) {
        Statement statement = parser.parse(sql).statement();
        if (statement instanceof ExplainStatement explain) {
            statement = explain.getStatement();
        }
        if (!(statement instanceof PlainSelect select)) {
            throw new IllegalArgumentException("pushdown belongs to a plain SELECT");
        }
        return select;
    }

    private List<Expression> conditions(PushedScan scan) {
        PlainSelect select = select(scan.sql());
        List<Expression> parts = new ArrayList<>();
        pick(Conditions.conjuncts(select.getWhere()), scan.where(), parts);
        if (scan.step() > 0) {
            if (select.getJoins() == null || scan.step() > select.getJoins().size()) {
                throw new IllegalArgumentException("the statement has no join " + scan.step());
            }
            pick(Conditions.onConjuncts(select.getJoins().get(scan.step() - 1)), scan.on(), parts);
        }
        return parts;
    }

    private static void pick(List<Expression> conjuncts, List<Integer> indexes, List<Expression> out) {
        for (int i : indexes) {
            if (i < 0 || i >= conjuncts.size()) {
                throw new IllegalArgumentException("condition " + i + " is not in the statement");
            }
            out.add(conjuncts.get(i));
        }
    }

    /** The parameters as JSON that reads back to the same values, or {@code null} if one has no such form. */
    private static List<JsonNode> portable(Params params) {
        List<JsonNode> out = new ArrayList<>(params.size());
        JsonNodeFactory nodes = JsonNodeFactory.instance;
        for (Object v : params.values()) {
            if (v == null) {
                out.add(nodes.nullNode());
            } else if (v instanceof String s) {
                out.add(nodes.textNode(s));
            } else if (v instanceof Long l) {
                out.add(nodes.numberNode(l));
            } else if (v instanceof Double d && Double.isFinite(d)) {
                out.add(nodes.numberNode(d));
            } else if (v instanceof Boolean b) {
                out.add(nodes.booleanNode(b));
            } else if (v instanceof JsonNode j) {
                out.add(j);
            } else {
                return null;
            }
        }
        return out;
    }
}
