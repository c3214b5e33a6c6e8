package io.distdb.sql.plan;

import io.distdb.sql.plan.BoundExpr.*;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.function.UnaryOperator;

/** Generic walks over bound expressions: children, rewriting, the slots they read, and EXPLAIN text. */
public final class Exprs {

    private Exprs() {
    }

    public static List<BoundExpr> children(BoundExpr e) {
        return switch (e) {
            case Column c -> List.of();
            case OuterColumn c -> List.of();
            case Constant c -> List.of();
            case Param p -> List.of();
            case AggregateRef a -> List.of();
            case BoundExpr.Cast c -> List.of(c.operand());
            case Arithmetic a -> a.operands();
            case Negate n -> List.of(n.operand());
            case Compare c -> List.of(c.left(), c.right());
            case IsDistinct d -> List.of(d.left(), d.right());
            case Logic l -> l.operands();
            case Not n -> List.of(n.operand());
            case IsNull n -> List.of(n.operand());
            case IsBoolean b -> List.of(b.operand());
            case InList i -> concat(List.of(i.operand()), i.values());
            case LikeMatch l -> l.escape() == null ? List.of(l.operand(), l.pattern()) : List.of(l.operand(), l.pattern(), l.escape());
            case BoundExpr.Case c -> {
                List<BoundExpr> all = new ArrayList<>(c.conditions());
                all.addAll(c.results());
                if (c.otherwise() != null) {
                    all.add(c.otherwise());
                }
                yield all;
            }
            case SimpleCase c -> {
                List<BoundExpr> all = new ArrayList<>();
                all.add(c.operand());
                all.addAll(c.whens());
                all.addAll(c.results());
                if (c.otherwise() != null) {
                    all.add(c.otherwise());
                }
                yield all;
            }
            case Coalesce c -> c.args();
            case Call c -> c.args();
            case JsonGet j -> List.of(j.object(), j.key());
            case ScalarSubquery s -> List.of();
            case Exists s -> List.of();
            case QuantifiedSubquery q -> List.of(q.operand());
        };
    }

    /** {@code e} with each child replaced by {@code f(child)}, bottom-up is the caller's choice. */
    public static BoundExpr mapChildren(BoundExpr e, UnaryOperator<BoundExpr> f) {
        return switch (e) {
            case Column c -> c;
            case OuterColumn c -> c;
            case Constant c -> c;
            case Param p -> p;
            case AggregateRef a -> a;
            case BoundExpr.Cast c -> new BoundExpr.Cast(f.apply(c.operand()), c.type(), c.maxLength(), c.explicit());
            case Arithmetic a -> new Arithmetic(map(a.operands(), f), a.ops(), a.stepTypes());
            case Negate n -> new Negate(f.apply(n.operand()), n.type());
            case Compare c -> new Compare(c.op(), f.apply(c.left()), f.apply(c.right()));
            case IsDistinct d -> new IsDistinct(f.apply(d.left()), f.apply(d.right()), d.not());
            case Logic l -> new Logic(l.and(), map(l.operands(), f));
            case Not n -> new Not(f.apply(n.operand()));
            case IsNull n -> new IsNull(f.apply(n.operand()), n.not());
            case IsBoolean b -> new IsBoolean(f.apply(b.operand()), b.value(), b.not());
            case InList i -> new InList(f.apply(i.operand()), map(i.values(), f), i.not());
            case LikeMatch l -> new LikeMatch(f.apply(l.operand()), f.apply(l.pattern()),
                    l.escape() == null ? null : f.apply(l.escape()), l.not(), l.caseInsensitive(), l.compiled());
            case BoundExpr.Case c -> new BoundExpr.Case(map(c.conditions(), f), map(c.results(), f),
                    c.otherwise() == null ? null : f.apply(c.otherwise()), c.type());
            case SimpleCase c -> new SimpleCase(f.apply(c.operand()), map(c.whens(), f), map(c.results(), f),
                    c.otherwise() == null ? null : f.apply(c.otherwise()), c.type());
            case Coalesce c -> new Coalesce(map(c.args(), f), c.type());
            case Call c -> new Call(c.name(), c.function(), map(c.args(), f), c.type());
            case JsonGet j -> new JsonGet(f.apply(j.object()), f.apply(j.key()), j.asText());
            case ScalarSubquery s -> s;
            case Exists s -> s;
            case QuantifiedSubquery q -> new QuantifiedSubquery(f.apply(q.operand()), q.op(), q.all(), q.not(), q.query());
        };
    }

    /**
     * Rewrites {@code e} top-down: where {@code f} returns non-null, that replaces the subtree; otherwise the
     * children are rewritten. Iterative over AND/OR and arithmetic chains through {@link #mapChildren}.
     */
    public static BoundExpr rewrite(BoundExpr e, UnaryOperator<BoundExpr> f) {
        BoundExpr replaced = f.apply(e);
        if (replaced != null) {
            return replaced;
        }
        return mapChildren(e, child -> rewrite(child, f));
    }

    /** Slots of the current row {@code e} reads, including those its correlated subqueries read. */
    public static BitSet slots(BoundExpr e) {
        BitSet out = new BitSet();
        collectSlots(e, out);
        return out;
    }

    private static void collectSlots(BoundExpr e, BitSet out) {
        switch (e) {
            case Column c -> out.set(c.slot());
            case ScalarSubquery s -> out.or(s.query().outerSlots());
            case Exists s -> out.or(s.query().outerSlots());
            case QuantifiedSubquery q -> {
                out.or(q.query().outerSlots());
                collectSlots(q.operand(), out);
            }
            default -> {
                for (BoundExpr child : children(e)) {
                    collectSlots(child, out);
                }
            }
        }
    }

    /** Whether {@code e} holds a subquery (such conditions are not sent to replicas, and run where bound). */
    public static boolean hasSubquery(BoundExpr e) {
        if (e instanceof ScalarSubquery || e instanceof Exists || e instanceof QuantifiedSubquery) {
            return true;
        }
        for (BoundExpr child : children(e)) {
            if (hasSubquery(child)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code e} is the same for every row of the query: no column of the current row, no subquery. */
    public static boolean isRowIndependent(BoundExpr e) {
        return slots(e).isEmpty() && !hasSubquery(e) && !hasAggregate(e);
    }

    public static boolean hasAggregate(BoundExpr e) {
        if (e instanceof AggregateRef) {
            return true;
        }
        for (BoundExpr child : children(e)) {
            if (hasAggregate(child)) {
                return true;
            }
        }
        return false;
    }

    /** The conjuncts of a condition: the operands of a top-level AND, else the condition itself. */
    public static List<BoundExpr> conjuncts(BoundExpr condition) {
        if (condition == null) {
            return List.of();
        }
        if (condition instanceof Logic l && l.and()) {
            List<BoundExpr> out = new ArrayList<>();
            for (BoundExpr operand : l.operands()) {
                out.addAll(conjuncts(operand));
            }
            return out;
        }
        return List.of(condition);
    }

    /** The AND of {@code parts}, {@code null} for none. */
    public static BoundExpr and(List<BoundExpr> parts) {
        if (parts.isEmpty()) {
            return null;
        }
        return parts.size() == 1 ? parts.get(0) : new Logic(true, parts);
    }

    /** The expression as SQL-like text with every operation bracketed, for EXPLAIN. */
    public static String describe(BoundExpr e) {
        return switch (e) {
            case Column c -> c.name();
            case OuterColumn c -> "outer." + c.name();
            case Constant c -> c.value() == null ? "NULL" : c.type() == SqlType.TEXT || c.type() == SqlType.UNKNOWN
                    ? "'" + Values.toText(c.value()).replace("'", "''") + "'" : Values.toText(c.value());
            case Param p -> "$" + p.index();
            case AggregateRef a -> "aggregate#" + a.index();
            case BoundExpr.Cast c -> c.explicit() ? "CAST(" + describe(c.operand()) + " AS " + c.type().sqlName() + ")"
                    : describe(c.operand());
            case Arithmetic a -> {
                StringBuilder b = new StringBuilder("(").append(describe(a.operands().get(0)));
                for (int i = 0; i < a.ops().size(); i++) {
                    b.append(' ').append(a.ops().get(i)).append(' ').append(describe(a.operands().get(i + 1)));
                }
                yield b.append(')').toString();
            }
            case Negate n -> "(- " + describe(n.operand()) + ")";
            case Compare c -> "(" + describe(c.left()) + " " + c.op() + " " + describe(c.right()) + ")";
            case IsDistinct d -> "(" + describe(d.left()) + (d.not() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                    + describe(d.right()) + ")";
            case Logic l -> "(" + String.join(l.and() ? " AND " : " OR ", l.operands().stream().map(Exprs::describe).toList()) + ")";
            case Not n -> "(NOT " + describe(n.operand()) + ")";
            case IsNull n -> "(" + describe(n.operand()) + (n.not() ? " IS NOT NULL)" : " IS NULL)");
            case IsBoolean b -> "(" + describe(b.operand()) + " IS " + (b.not() ? "NOT " : "")
                    + (b.value() == null ? "UNKNOWN" : b.value() ? "TRUE" : "FALSE") + ")";
            case InList i -> "(" + describe(i.operand()) + (i.not() ? " NOT IN (" : " IN (")
                    + String.join(", ", i.values().stream().map(Exprs::describe).toList()) + "))";
            case LikeMatch l -> "(" + describe(l.operand()) + (l.not() ? " NOT" : "") + (l.caseInsensitive() ? " ILIKE " : " LIKE ")
                    + describe(l.pattern()) + (l.escape() == null ? "" : " ESCAPE " + describe(l.escape())) + ")";
            case BoundExpr.Case c -> {
                StringBuilder b = new StringBuilder("CASE");
                for (int i = 0; i < c.conditions().size(); i++) {
                    b.append(" WHEN ").append(describe(c.conditions().get(i))).append(" THEN ").append(describe(c.results().get(i)));
                }
                if (c.otherwise() != null) {
                    b.append(" ELSE ").append(describe(c.otherwise()));
                }
                yield b.append(" END").toString();
            }
            case SimpleCase c -> {
                StringBuilder b = new StringBuilder("CASE ").append(describe(c.operand()));
                for (int i = 0; i < c.whens().size(); i++) {
                    b.append(" WHEN ").append(describe(c.whens().get(i))).append(" THEN ").append(describe(c.results().get(i)));
                }
                if (c.otherwise() != null) {
                    b.append(" ELSE ").append(describe(c.otherwise()));
                }
                yield b.append(" END").toString();
            }
            case Coalesce c -> "coalesce(" + String.join(", ", c.args().stream().map(Exprs::describe).toList()) + ")";
            case Call c -> c.name() + "(" + String.join(", ", c.args().stream().map(Exprs::describe).toList()) + ")";
            case JsonGet j -> "(" + describe(j.object()) + (j.asText() ? " ->> " : " -> ") + describe(j.key()) + ")";
            case ScalarSubquery s -> "(" + s.query().describe() + ")";
            case Exists s -> "EXISTS (" + s.query().describe() + ")";
            case QuantifiedSubquery q -> "(" + describe(q.operand()) + (q.not() ? " NOT" : "")
                    + (q.op().equals("=") && !q.all() ? " IN" : " " + q.op() + (q.all() ? " ALL" : " ANY")) + " (" + q.query().describe() + "))";
        };
    }

    private static List<BoundExpr> map(List<BoundExpr> list, UnaryOperator<BoundExpr> f) {
        List<BoundExpr> out = new ArrayList<>(list.size());
        for (BoundExpr e : list) {
            out.add(f.apply(e));
        }
        return out;
    }

    private static List<BoundExpr> concat(List<BoundExpr> a, List<BoundExpr> b) {
        List<BoundExpr> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
