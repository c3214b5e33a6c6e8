package io.distdb.server.sql.exec;

import io.distdb.server.sql.expr.Aggregates;
import io.distdb.server.sql.expr.InFix;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.Function;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Helpers over parsed conditions. */
public final class Conditions {

    private Conditions() {
    }

    /** The AND-ed parts of a condition (none for {@code null}). */
    public static List<Expression> conjuncts(Expression e) {
        List<Expression> out = new ArrayList<>();
        split(e == null ? null : InFix.normalize(e), out);
        return out;
    }

    private static void split(Expression e, List<Expression> out) {
        if (e == null) {
            return;
        }
        if (e instanceof AndExpression and) {
            split(and.getLeftExpression(), out);
            split(and.getRightExpression(), out);
        } else if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1 && p.get(0) instanceof AndExpression) {
            split(p.get(0), out);
        } else {
            out.add(e);
        }
    }

    /** The AND-ed parts of a join's ON conditions, in order. */
    public static List<Expression> onConjuncts(net.sf.jsqlparser.statement.select.Join join) {
        List<Expression> on = new ArrayList<>();
        if (join.getOnExpressions() != null) {
            for (Expression e : join.getOnExpressions()) {
                on.addAll(conjuncts(e));
            }
        }
        return on;
    }

    /** All ON conditions of a join as one expression, or {@code null}. */
    public static Expression and(Collection<Expression> parts) {
        Expression result = null;
        for (Expression p : parts) {
            result = result == null ? p : new AndExpression(result, p);
        }
        return result;
    }

    static boolean containsAggregate(Expression e) {
        if (e == null) {
            return false;
        }
        boolean[] found = {false};
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(Function function, S context) {
                if (Aggregates.isAggregate(function.getName())) {
                    found[0] = true;
                }
                return super.visit(function, context);
            }
        }, null);
        return found[0];
    }
}
