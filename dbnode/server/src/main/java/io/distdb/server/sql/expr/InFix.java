package io.distdb.server.sql.expr;

import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.NotExpression;
import net.sf.jsqlparser.expression.operators.conditional.AndExpression;
import net.sf.jsqlparser.expression.operators.conditional.OrExpression;
import net.sf.jsqlparser.expression.operators.relational.InExpression;
import net.sf.jsqlparser.expression.operators.relational.ParenthesedExpressionList;

/**
 * JSqlParser 5.3 parses {@code c IN (1, 2) AND d = 3} as {@code c IN ((1, 2) AND d = 3)}: the right side
 * of IN swallows the following AND/OR chain. This rebuilds the intended tree, {@code (c IN (1, 2)) AND d = 3},
 * without changing the parsed statement (which is cached and shared).
 */
public final class InFix {

    private InFix() {
    }

    public static Expression normalize(Expression e) {
        if (e instanceof InExpression in && isLogical(in.getRightExpression())) {
            return normalize(pushDown(in, in.getRightExpression()));
        }
        if (e instanceof AndExpression a) {
            return new AndExpression(normalize(a.getLeftExpression()), normalize(a.getRightExpression()));
        }
        if (e instanceof OrExpression o) {
            return new OrExpression(normalize(o.getLeftExpression()), normalize(o.getRightExpression()));
        }
        if (e instanceof NotExpression n) {
            return new NotExpression(normalize(n.getExpression()));
        }
        if (e instanceof ParenthesedExpressionList<?> p && p.size() == 1) {
            return new ParenthesedExpressionList<>(normalize(p.get(0)));
        }
        return e;
    }

    private static boolean isLogical(Expression e) {
        return e instanceof AndExpression || e instanceof OrExpression;
    }

    /** Moves the IN onto the leftmost operand of the AND/OR chain, which is the real IN list. */
    private static Expression pushDown(InExpression in, Expression node) {
        if (node instanceof AndExpression a) {
            return new AndExpression(pushDown(in, a.getLeftExpression()), a.getRightExpression());
        }
        if (node instanceof OrExpression o) {
            return new OrExpression(pushDown(in, o.getLeftExpression()), o.getRightExpression());
        }
        InExpression fixed = new InExpression(in.getLeftExpression(), node);
        fixed.setNot(in.isNot());
        return fixed;
    }
}
