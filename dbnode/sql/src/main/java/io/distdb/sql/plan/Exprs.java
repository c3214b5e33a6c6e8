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
        if (e instanceof Column c) {
            return List.of();
        }
        if (e instanceof OuterColumn c) {
            return List.of();
        }
        if (e instanceof Constant c) {
            return List.of();
        }
        if (e instanceof Param p) {
            return List.of();
        }
        if (e instanceof AggregateRef a) {
            return List.of();
        }
        if (e instanceof BoundExpr.Cast c) {
            return List.of(c.operand());
        }
        if (e instanceof Arithmetic a) {
            return a.operands();
        }
        if (e instanceof Negate n) {
            return List.of(n.operand());
        }
        if (e instanceof Compare c) {
            return List.of(c.left(), c.right());
        }
        if (e instanceof IsDistinct d) {
            return List.of(d.left(), d.right());
        }
        if (e instanceof Logic l) {
            return l.operands();
        }
        if (e instanceof Not n) {
            return List.of(n.operand());
        }
        if (e instanceof IsNull n) {
            return List.of(n.operand());
        }
        if (e instanceof IsBoolean b) {
            return List.of(b.operand());
        }
        if (e instanceof InList i) {
            return concat(List.of(i.operand()), i.values());
        }
        if (e instanceof LikeMatch l) {
            return l.escape() == null ? List.of(l.operand(), l.pattern()) : List.of(l.operand(), l.pattern(), l.escape());
        }
        if (e instanceof BoundExpr.Case c) {
            List<BoundExpr> all = new ArrayList<>(c.conditions());
            all.addAll(c.results());
            if (c.otherwise() != null) {
                all.add(c.otherwise());
            }
            return all;
        }
        if (e instanceof SimpleCase c) {
            List<BoundExpr> all = new ArrayList<>();
            all.add(c.operand());
            all.addAll(c.whens());
            all.addAll(c.results());
            if (c.otherwise() != null) {
                all.add(c.otherwise());
            }
            return all;
        }
        if (e instanceof Coalesce c) {
            return c.args();
        }
        if (e instanceof Call c) {
            return c.args();
        }
        if (e instanceof JsonGet j) {
            return List.of(j.object(), j.key());
        }
        if (e instanceof ScalarSubquery s) {
            return List.of();
        }
        if (e instanceof Exists s) {
            return List.of();
        }
        if (e instanceof QuantifiedSubquery q) {
            return List.of(q.operand());
        }
        throw new IllegalStateException("unexpected " + e);
    }

    /** {@code e} with each child replaced by {@code f(child)}, bottom-up is the caller's choice. */
    public static BoundExpr mapChildren(BoundExpr e, UnaryOperator<BoundExpr> f) {
        if (e instanceof Column c) {
            return c;
        }
        if (e instanceof OuterColumn c) {
            return c;
        }
        if (e instanceof Constant c) {
            return c;
        }
        if (e instanceof Param p) {
            return p;
        }
        if (e instanceof AggregateRef a) {
            return a;
        }
        if (e instanceof BoundExpr.Cast c) {
            return new BoundExpr.Cast(f.apply(c.operand()), c.type(), c.maxLength(), c.explicit());
        }
        if (e instanceof Arithmetic a) {
            return new Arithmetic(map(a.operands(), f), a.ops(), a.stepTypes());
        }
        if (e instanceof Negate n) {
            return new Negate(f.apply(n.operand()), n.type());
        }
        if (e instanceof Compare c) {
            return new Compare(c.op(), f.apply(c.left()), f.apply(c.right()));
        }
        if (e instanceof IsDistinct d) {
            return new IsDistinct(f.apply(d.left()), f.apply(d.right()), d.not());
        }
        if (e instanceof Logic l) {
            return new Logic(l.and(), map(l.operands(), f));
        }
        if (e instanceof Not n) {
            return new Not(f.apply(n.operand()));
        }
        if (e instanceof IsNull n) {
            return new IsNull(f.apply(n.operand()), n.not());
        }
        if (e instanceof IsBoolean b) {
            return new IsBoolean(f.apply(b.operand()), b.value(), b.not());
        }
        if (e instanceof InList i) {
            return new InList(f.apply(i.operand()), map(i.values(), f), i.not());
        }
        if (e instanceof LikeMatch l) {
            return new LikeMatch(f.apply(l.operand()), f.apply(l.pattern()),
                    l.escape() == null ? null : f.apply(l.escape()), l.not(), l.caseInsensitive(), l.compiled());
        }
        if (e instanceof BoundExpr.Case c) {
            return new BoundExpr.Case(map(c.conditions(), f), map(c.results(), f),
                    c.otherwise() == null ? null : f.apply(c.otherwise()), c.type());
        }
        if (e instanceof SimpleCase c) {
            return new SimpleCase(f.apply(c.operand()), map(c.whens(), f), map(c.results(), f),
                    c.otherwise() == null ? null : f.apply(c.otherwise()), c.type());
        }
        if (e instanceof Coalesce c) {
            return new Coalesce(map(c.args(), f), c.type());
        }
        if (e instanceof Call c) {
            return new Call(c.name(), c.function(), map(c.args(), f), c.type());
        }
        if (e instanceof JsonGet j) {
            return new JsonGet(f.apply(j.object()), f.apply(j.key()), j.asText());
        }
        if (e instanceof ScalarSubquery s) {
            return s;
        }
        if (e instanceof Exists s) {
            return s;
        }
        if (e instanceof QuantifiedSubquery q) {
            return new QuantifiedSubquery(f.apply(q.operand()), q.op(), q.all(), q.not(), q.query());
        }
        throw new IllegalStateException("unexpected " + e);
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
        if (e instanceof Column c) {
            out.set(c.slot());
        } else if (e instanceof ScalarSubquery s) {
            out.or(s.query().outerSlots());
        } else if (e instanceof Exists s) {
            out.or(s.query().outerSlots());
        } else if (e instanceof QuantifiedSubquery q) {
            out.or(q.query().outerSlots());
            collectSlots(q.operand(), out);
        } else {
            for (BoundExpr child : children(e)) {
                collectSlots(child, out);
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
        if (e instanceof Column c) {
            return c.name();
        }
        if (e instanceof OuterColumn c) {
            return "outer." + c.name();
        }
        if (e instanceof Constant c) {
            return c.value() == null ? "NULL" : c.type() == SqlType.TEXT || c.type() == SqlType.UNKNOWN
                    ? "'" + Values.toText(c.value()).replace("'", "''") + "'" : Values.toText(c.value());
        }
        if (e instanceof Param p) {
            return "$" + p.index();
        }
        if (e instanceof AggregateRef a) {
            return "aggregate#" + a.index();
        }
        if (e instanceof BoundExpr.Cast c) {
            return c.explicit() ? "CAST(" + describe(c.operand()) + " AS " + c.type().sqlName() + ")"
                    : describe(c.operand());
        }
        if (e instanceof Arithmetic a) {
            StringBuilder b = new StringBuilder("(").append(describe(a.operands().get(0)));
            for (int i = 0; i < a.ops().size(); i++) {
                b.append(' ').append(a.ops().get(i)).append(' ').append(describe(a.operands().get(i + 1)));
            }
            return b.append(')').toString();
        }
        if (e instanceof Negate n) {
            return "(- " + describe(n.operand()) + ")";
        }
        if (e instanceof Compare c) {
            return "(" + describe(c.left()) + " " + c.op() + " " + describe(c.right()) + ")";
        }
        if (e instanceof IsDistinct d) {
            return "(" + describe(d.left()) + (d.not() ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM ")
                    + describe(d.right()) + ")";
        }
        if (e instanceof Logic l) {
            return "(" + String.join(l.and() ? " AND " : " OR ", l.operands().stream().map(Exprs::describe).toList()) + ")";
        }
        if (e instanceof Not n) {
            return "(NOT " + describe(n.operand()) + ")";
        }
        if (e instanceof IsNull n) {
            return "(" + describe(n.operand()) + (n.not() ? " IS NOT NULL)" : " IS NULL)");
        }
        if (e instanceof IsBoolean b) {
            return "(" + describe(b.operand()) + " IS " + (b.not() ? "NOT " : "")
                    + (b.value() == null ? "UNKNOWN" : b.value() ? "TRUE" : "FALSE") + ")";
        }
        if (e instanceof InList i) {
            return "(" + describe(i.operand()) + (i.not() ? " NOT IN (" : " IN (")
                    + String.join(", ", i.values().stream().map(Exprs::describe).toList()) + "))";
        }
        if (e instanceof LikeMatch l) {
            return "(" + describe(l.operand()) + (l.not() ? " NOT" : "") + (l.caseInsensitive() ? " ILIKE " : " LIKE ")
                    + describe(l.pattern()) + (l.escape() == null ? "" : " ESCAPE " + describe(l.escape())) + ")";
        }
        if (e instanceof BoundExpr.Case c) {
            StringBuilder b = new StringBuilder("CASE");
            for (int i = 0; i < c.conditions().size(); i++) {
                b.append(" WHEN ").append(describe(c.conditions().get(i))).append(" THEN ").append(describe(c.results().get(i)));
            }
            if (c.otherwise() != null) {
                b.append(" ELSE ").append(describe(c.otherwise()));
            }
            return b.append(" END").toString();
        }
        if (e instanceof SimpleCase c) {
            StringBuilder b = new StringBuilder("CASE ").append(describe(c.operand()));
            for (int i = 0; i < c.whens().size(); i++) {
                b.append(" WHEN ").append(describe(c.whens().get(i))).append(" THEN ").append(describe(c.results().get(i)));
            }
            if (c.otherwise() != null) {
                b.append(" ELSE ").append(describe(c.otherwise()));
            }
            return b.append(" END").toString();
        }
        if (e instanceof Coalesce c) {
            return "coalesce(" + String.join(", ", c.args().stream().map(Exprs::describe).toList()) + ")";
        }
        if (e instanceof Call c) {
            return c.name() + "(" + String.join(", ", c.args().stream().map(Exprs::describe).toList()) + ")";
        }
        if (e instanceof JsonGet j) {
            return "(" + describe(j.object()) + (j.asText() ? " ->> " : " -> ") + describe(j.key()) + ")";
        }
        if (e instanceof ScalarSubquery s) {
            return "(" + s.query().describe() + ")";
        }
        if (e instanceof Exists s) {
            return "EXISTS (" + s.query().describe() + ")";
        }
        if (e instanceof QuantifiedSubquery q) {
            return "(" + describe(q.operand()) + (q.not() ? " NOT" : "")
                    + (q.op().equals("=") && !q.all() ? " IN" : " " + q.op() + (q.all() ? " ALL" : " ANY")) + " (" + q.query().describe() + "))";
        }
        throw new IllegalStateException("unexpected " + e);
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
