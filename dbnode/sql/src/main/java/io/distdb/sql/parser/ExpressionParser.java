package io.distdb.sql.parser;

import io.distdb.sql.errors.SqlErrors;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.ast.Expr;
import io.distdb.sql.ast.Query;
import io.distdb.sql.ast.TypeName;
import io.distdb.sql.types.SqlType;
import io.distdb.sql.types.Values;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Expressions, by recursive descent with one method per level of PostgreSQL's operator precedence, lowest
 * first: OR, AND, NOT, IS, comparison, BETWEEN/IN/LIKE, other operators ({@code || -> ->>}), {@code + -},
 * {@code * / %}, {@code ^}, unary {@code + -}, postfix {@code ::}, primaries. Operators of one level are
 * read by a loop, so a long flat chain ({@code 1+1+1...}, {@code a OR b OR ...}) costs no stack; only
 * real nesting (parentheses, prefix operators, subqueries, calls) recurses, and every such entry counts
 * towards the nesting limit.
 */
final class ExpressionParser {

    private static final Set<String> COMPARISONS = Set.of("=", "<>", "<", "<=", ">", ">=");
    /** Functions written without parentheses. */
    static final Set<String> NO_PAREN_FUNCTIONS = Set.of("current_date", "current_timestamp", "current_time",
            "localtimestamp", "localtime", "current_user", "session_user", "user", "current_role",
            "current_catalog", "current_schema");
    /** The longest numeric literal read; longer ones would make reading the number itself costly. */
    private static final int MAX_NUMBER_LENGTH = 1000;

    private final TokenStream ts;
    private StatementParser statements;

    ExpressionParser(TokenStream ts) {
        this.ts = ts;
    }

    void setStatements(StatementParser statements) {
        this.statements = statements;
    }

    /** A whole expression: one level of nesting. */
    Expr parse() {
        ts.enter();
        Expr e = or();
        ts.leave();
        return e;
    }

    /** Expressions separated by commas. */
    List<Expr> list() {
        List<Expr> list = new ArrayList<>();
        do {
            list.add(parse());
        } while (ts.accept(TokenType.COMMA));
        return list;
    }

    private Expr or() {
        Expr first = and();
        if (!ts.atWord("or")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (ts.acceptWord("or")) {
            operands.add(and());
        }
        return new Expr.Logic(false, operands, first.pos());
    }

    private Expr and() {
        Expr first = not();
        if (!ts.atWord("and")) {
            return first;
        }
        List<Expr> operands = new ArrayList<>();
        operands.add(first);
        while (ts.acceptWord("and")) {
            operands.add(not());
        }
        return new Expr.Logic(true, operands, first.pos());
    }

    private Expr not() {
        Token t = ts.peek();
        if (t.isWord("not")) {
            ts.next();
            ts.enter();
            Expr operand = not();
            ts.leave();
            return new Expr.Unary("NOT", operand, t.start());
        }
        return is();
    }

    /**
     * {@code IS [NOT] NULL|TRUE|FALSE|UNKNOWN|DISTINCT FROM}, {@code ISNULL}, {@code NOTNULL}: postfix, chainable.
     * As in PostgreSQL, a postfix test completes an operand for whatever follows: {@code a IS NULL = b} is
     * {@code (a IS NULL) = b}.
     */
    private Expr is() {
        Expr e = comparison(null);
        int chained = 0;
        while (true) {
            Token t = ts.peek();
            if (t.isWord("isnull") || t.isWord("notnull")) {
                ts.next();
                e = new Expr.IsNull(e, t.isWord("notnull"), e.pos());
            } else if (t.isWord("is")) {
                ts.next();
                boolean not = ts.acceptWord("not");
                Token what = ts.peek();
                if (ts.acceptWord("null")) {
                    e = new Expr.IsNull(e, not, e.pos());
                } else if (ts.acceptWord("true")) {
                    e = new Expr.IsBoolean(e, Boolean.TRUE, not, e.pos());
                } else if (ts.acceptWord("false")) {
                    e = new Expr.IsBoolean(e, Boolean.FALSE, not, e.pos());
                } else if (ts.acceptWord("unknown")) {
                    e = new Expr.IsBoolean(e, null, not, e.pos());
                } else if (ts.acceptWord("distinct")) {
                    ts.expectWord("from");
                    e = new Expr.IsDistinctFrom(e, comparison(null), not, e.pos());
                } else if (what.isWord("document") || what.isWord("normalized") || what.isWord("json")
                        || what.isWord("of")) {
                    throw SqlErrors.unsupported("IS " + what.text().toUpperCase());
                } else {
                    throw ts.error();
                }
            } else {
                break;
            }
            // A chain of postfix tests makes a deep tree; count it like nesting.
            ts.enter();
            chained++;
            if (continuesOperand(ts.peek())) {
                e = comparison(e);
            }
        }
        ts.leave(chained);
        return e;
    }

    /** Whether the token is an operator binding tighter than IS, which may follow a postfix test. */
    private boolean continuesOperand(Token t) {
        if (t.type() == TokenType.OPERATOR) {
            return true;
        }
        if (t.isWord("not")) {
            Token u = ts.peek(1);
            return u.isWord("in") || u.isWord("between") || u.isWord("like") || u.isWord("ilike") || u.isWord("similar");
        }
        return t.isWord("in") || t.isWord("between") || t.isWord("like") || t.isWord("ilike") || t.isWord("similar");
    }

    /**
     * Comparisons do not associate: {@code a < b < c} is an error, as in PostgreSQL. This level and those
     * above take a {@code seed}: an operand already read (by a postfix test) that stands for their first
     * primary; null to read it.
     */
    private Expr comparison(Expr seed) {
        Expr left = predicate(seed);
        String op = comparisonOperator(ts.peek());
        if (op == null) {
            return left;
        }
        ts.next();
        Expr result;
        Token q = ts.peek();
        if ((q.isWord("any") || q.isWord("some") || q.isWord("all")) && ts.peek(1).type() == TokenType.LPAREN) {
            ts.next();
            ts.next();
            if (!StatementParser.startsQuery(ts.peek()) && !ts.at(TokenType.LPAREN)) {
                throw SqlErrors.unsupported(q.text().toUpperCase() + " with an array");
            }
            Query query = statements.query();
            ts.expect(TokenType.RPAREN);
            result = new Expr.Quantified(left, op, q.isWord("all"), query, left.pos());
        } else {
            result = new Expr.Binary(op, left, predicate(null), left.pos());
        }
        if (comparisonOperator(ts.peek()) != null) {
            throw ts.error();
        }
        return result;
    }

    private static String comparisonOperator(Token t) {
        return t.type() == TokenType.OPERATOR && COMPARISONS.contains(t.text()) ? t.text() : null;
    }

    /** {@code [NOT] BETWEEN | IN | LIKE | ILIKE}: one of them, not a chain. */
    private Expr predicate(Expr seed) {
        Expr left = other(seed);
        Token t = ts.peek();
        boolean not = false;
        if (t.isWord("not")) {
            Token u = ts.peek(1);
            if (!(u.isWord("in") || u.isWord("between") || u.isWord("like") || u.isWord("ilike")
                    || u.isWord("similar"))) {
                return left;
            }
            ts.next();
            not = true;
            t = ts.peek();
        }
        if (t.isWord("in")) {
            ts.next();
            return in(left, not);
        }
        if (t.isWord("between")) {
            ts.next();
            boolean symmetric = ts.acceptWord("symmetric");
            if (!symmetric) {
                ts.acceptWord("asymmetric");
            }
            Expr low = other();
            ts.expectWord("and");
            Expr high = other();
            return new Expr.Between(left, low, high, not, symmetric, left.pos());
        }
        if (t.isWord("like") || t.isWord("ilike")) {
            ts.next();
            Expr pattern = other();
            Expr escape = ts.acceptWord("escape") ? other() : null;
            return new Expr.Like(left, pattern, escape, not, t.isWord("ilike"), left.pos());
        }
        if (t.isWord("similar")) {
            throw SqlErrors.unsupported("SIMILAR TO");
        }
        return left;
    }

    private Expr in(Expr left, boolean not) {
        ts.expect(TokenType.LPAREN);
        if (StatementParser.startsQuery(ts.peek())) {
            Query query = statements.query();
            ts.expect(TokenType.RPAREN);
            return new Expr.InQuery(left, query, not, left.pos());
        }
        List<Expr> values = list();
        // IN ((SELECT ...)) and IN ((SELECT ...) UNION ...) are subqueries, as in PostgreSQL.
        if (values.size() == 1 && values.get(0) instanceof Expr.ScalarQuery sq) {
            Query query = StatementParser.continuesQuery(ts.peek()) ? statements.continueQuery(sq.query()) : sq.query();
            ts.expect(TokenType.RPAREN);
            return new Expr.InQuery(left, query, not, left.pos());
        }
        ts.expect(TokenType.RPAREN);
        return new Expr.InList(left, values, not, left.pos());
    }

    /** {@code ||}, {@code ->}, {@code ->>}: PostgreSQL's "any other operator" level. */
    Expr other() {
        return other(null);
    }

    private Expr other(Expr seed) {
        Expr e = additive(seed);
        while (true) {
            Token t = ts.peek();
            if (t.isOperator("||") || t.isOperator("->") || t.isOperator("->>")) {
                ts.next();
                e = new Expr.Binary(t.text(), e, additive(null), e.pos());
            } else {
                return e;
            }
        }
    }

    private Expr additive(Expr seed) {
        Expr e = multiplicative(seed);
        while (true) {
            Token t = ts.peek();
            if (t.isOperator("+") || t.isOperator("-")) {
                ts.next();
                e = new Expr.Binary(t.text(), e, multiplicative(null), e.pos());
            } else {
                return e;
            }
        }
    }

    private Expr multiplicative(Expr seed) {
        Expr e = power(seed);
        while (true) {
            Token t = ts.peek();
            if (t.isOperator("*") || t.isOperator("/") || t.isOperator("%")) {
                ts.next();
                e = new Expr.Binary(t.text(), e, power(null), e.pos());
            } else {
                return e;
            }
        }
    }

    /** {@code ^} is left-associative in PostgreSQL: {@code 2 ^ 3 ^ 2} is 64. */
    private Expr power(Expr seed) {
        Expr e = seed != null ? postfix(seed) : unary();
        while (ts.peek().isOperator("^")) {
            ts.next();
            e = new Expr.Binary("^", e, unary(), e.pos());
        }
        return e;
    }

    private Expr unary() {
        Token t = ts.peek();
        if (t.isOperator("-") || t.isOperator("+")) {
            ts.next();
            ts.enter();
            Expr operand = unary();
            ts.leave();
            if (t.isOperator("-") && operand instanceof Expr.Literal lit) {
                Expr.Literal folded = negate(lit, t.start());
                if (folded != null) {
                    return folded;
                }
            }
            return new Expr.Unary(t.text(), operand, t.start());
        }
        return postfix(null);
    }

    /**
     * {@code -} of a numeric literal is the negative literal, so that {@code -9223372036854775808} is a BIGINT
     * (its digits alone do not fit 64 bits) and {@code -2147483648} an INTEGER; null for other literals.
     */
    private static Expr.Literal negate(Expr.Literal lit, int pos) {
        if (lit.value() instanceof Long v && v != Long.MIN_VALUE) {
            long n = -v;
            return new Expr.Literal(n, n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? SqlType.INTEGER : SqlType.BIGINT,
                    pos);
        }
        if (lit.value() instanceof BigDecimal v && lit.type() == SqlType.NUMERIC) {
            BigDecimal n = v.negate();
            if (n.scale() == 0 && n.equals(BigDecimal.valueOf(Long.MIN_VALUE))) {
                return new Expr.Literal(Long.MIN_VALUE, SqlType.BIGINT, pos);
            }
            return new Expr.Literal(n, SqlType.NUMERIC, pos);
        }
        return null;
    }

    /** {@code e::type}, and the postfix forms that are refused: subscripts, COLLATE, AT TIME ZONE. */
    private Expr postfix(Expr seed) {
        Expr e = seed != null ? seed : primary();
        int casts = 0;
        while (true) {
            Token t = ts.peek();
            if (t.isOperator("::")) {
                ts.next();
                ts.enter();
                casts++;
                e = new Expr.Cast(e, type(), e.pos());
            } else if (t.type() == TokenType.LBRACKET) {
                throw SqlErrors.unsupported("Array subscripts");
            } else if (t.isWord("collate")) {
                throw SqlErrors.unsupported("COLLATE");
            } else if (t.isWord("at") && ts.peek(1).isWord("time")) {
                throw SqlErrors.unsupported("AT TIME ZONE");
            } else if (t.type() == TokenType.DOT) {
                throw SqlErrors.unsupported("Field selection from a composite value");
            } else {
                break;
            }
        }
        ts.leave(casts);
        return e;
    }

    private Expr primary() {
        Token t = ts.peek();
        switch (t.type()) {
            case INTEGER -> {
                ts.next();
                return integer(t);
            }
            case DECIMAL -> {
                ts.next();
                checkLength(t);
                try {
                    // Read as any NUMERIC text is, so an exponent too large to hold (1e999999999) is refused
                    // here rather than expanded by the first arithmetic on it.
                    return new Expr.Literal(Values.parseText(t.text(), SqlType.NUMERIC), SqlType.NUMERIC, t.start());
                } catch (SqlException e) {
                    throw new SqlException("22003", SqlErrors.GENERAL, "numeric literal out of range: " + t.text(),
                            ts.position(t));
                }
            }
            case STRING -> {
                ts.next();
                return new Expr.Literal(t.text(), SqlType.UNKNOWN, t.start());
            }
            case HEX_STRING -> {
                ts.next();
                // X'0a1b' is a bytea constant written in PostgreSQL's hex format.
                return new Expr.Cast(new Expr.Literal("\\x" + t.text(), SqlType.UNKNOWN, t.start()),
                        new TypeName("bytea", List.of(), t.start()), t.start());
            }
            case PARAM -> {
                ts.next();
                return new Expr.Param(ts.parameter(t), t.start());
            }
            case LPAREN -> {
                return parenthesized();
            }
            case QUOTED_IDENT -> {
                ts.next();
                return nameOrCall(t);
            }
            case WORD -> {
                return word(t);
            }
            default -> throw ts.error();
        }
    }

    private Expr integer(Token t) {
        String digits = t.text();
        if (digits.length() <= 18) {
            long v = Long.parseLong(digits);
            return new Expr.Literal(v, v <= Integer.MAX_VALUE ? SqlType.INTEGER : SqlType.BIGINT, t.start());
        }
        checkLength(t);
        BigDecimal v = new BigDecimal(digits);
        if (v.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
            return new Expr.Literal(v.longValueExact(), SqlType.BIGINT, t.start());
        }
        return new Expr.Literal(v, SqlType.NUMERIC, t.start());
    }

    private void checkLength(Token t) {
        if (t.text().length() > MAX_NUMBER_LENGTH) {
            throw ts.error("numeric literal is longer than " + MAX_NUMBER_LENGTH + " characters", t);
        }
    }

    /**
     * {@code (expr)} is the expression itself; {@code (SELECT ...)} a scalar subquery. A parenthesized subquery
     * followed by UNION, ORDER BY ... inside the parentheses is the start of a longer query:
     * {@code ((SELECT 1) UNION SELECT 2)}.
     */
    private Expr parenthesized() {
        Token open = ts.next();
        if (StatementParser.startsQuery(ts.peek())) {
            Query query = statements.query();
            ts.expect(TokenType.RPAREN);
            return new Expr.ScalarQuery(query, open.start());
        }
        Expr e = parse();
        if (e instanceof Expr.ScalarQuery sq && StatementParser.continuesQuery(ts.peek())) {
            Query query = statements.continueQuery(sq.query());
            ts.expect(TokenType.RPAREN);
            return new Expr.ScalarQuery(query, open.start());
        }
        if (ts.at(TokenType.COMMA)) {
            throw SqlErrors.unsupported("Row constructors");
        }
        ts.expect(TokenType.RPAREN);
        return e;
    }

    /** A primary starting with an unquoted word: a keyword form, a typed literal, a column or a call. */
    private Expr word(Token t) {
        String w = t.text();
        Token after = ts.peek(1);
        switch (w) {
            case "null" -> {
                ts.next();
                return new Expr.Literal(null, SqlType.UNKNOWN, t.start());
            }
            case "true", "false" -> {
                ts.next();
                return new Expr.Literal(w.equals("true"), SqlType.BOOLEAN, t.start());
            }
            case "case" -> {
                return caseExpr();
            }
            case "cast" -> {
                return cast();
            }
            case "exists" -> {
                if (after.type() == TokenType.LPAREN) {
                    ts.next();
                    ts.next();
                    Query query = statements.query();
                    ts.expect(TokenType.RPAREN);
                    return new Expr.Exists(query, t.start());
                }
            }
            case "extract", "substring", "position", "trim" -> {
                if (after.type() == TokenType.LPAREN) {
                    return specialCall(t);
                }
            }
            case "interval" -> {
                if (after.type() == TokenType.STRING) {
                    throw SqlErrors.unsupported("INTERVAL");
                }
            }
            case "array" -> throw SqlErrors.unsupported("ARRAY");
            case "row" -> {
                if (after.type() == TokenType.LPAREN) {
                    throw SqlErrors.unsupported("Row constructors");
                }
            }
            case "default" -> throw ts.error();
            default -> {
            }
        }
        if (NO_PAREN_FUNCTIONS.contains(w) && !(w.equals("current_schema") && after.type() == TokenType.LPAREN)) {
            ts.next();
            if (ts.at(TokenType.LPAREN)) {
                throw SqlErrors.unsupported(w.toUpperCase() + " with a precision");
            }
            return new Expr.Call(w, List.of(), false, false, t.start());
        }
        if (Keywords.isReserved(w)) {
            if (Keywords.FUNCTION_NAMES.contains(w) && after.type() == TokenType.LPAREN) {
                ts.next();
                return call(w, t);
            }
            throw ts.error();
        }
        TypeName literalType = typedLiteralType();
        if (literalType != null) {
            Token value = ts.expect(TokenType.STRING);
            return new Expr.Cast(new Expr.Literal(value.text(), SqlType.UNKNOWN, value.start()), literalType, t.start());
        }
        ts.next();
        return nameOrCall(t);
    }

    /**
     * When the tokens ahead are a type name followed by a string ({@code DATE '2024-01-02'},
     * {@code double precision '1.5'}, {@code timestamp with time zone '...'}), reads the type; otherwise null
     * and nothing is consumed.
     */
    private TypeName typedLiteralType() {
        Token t = ts.peek();
        String w = t.text();
        int words;
        String name;
        if (ts.peek(1).type() == TokenType.STRING) {
            words = 1;
            name = w;
        } else if (w.equals("double") && ts.peek(1).isWord("precision") && ts.peek(2).type() == TokenType.STRING) {
            words = 2;
            name = "double precision";
        } else if ((w.equals("character") || w.equals("char")) && ts.peek(1).isWord("varying")
                && ts.peek(2).type() == TokenType.STRING) {
            words = 2;
            name = w + " varying";
        } else if ((w.equals("timestamp") || w.equals("time")) && (ts.peek(1).isWord("with") || ts.peek(1).isWord("without"))
                && ts.peek(2).isWord("time") && ts.peek(3).isWord("zone") && ts.peek(4).type() == TokenType.STRING) {
            words = 4;
            name = w + " " + ts.peek(1).text() + " time zone";
        } else {
            return null;
        }
        for (int i = 0; i < words; i++) {
            ts.next();
        }
        return new TypeName(name, List.of(), t.start());
    }

    /** A column reference {@code c}, {@code t.c}, {@code s.t.c}, or a call {@code f(...)}, {@code s.f(...)}. */
    private Expr nameOrCall(Token first) {
        List<String> parts = new ArrayList<>(3);
        parts.add(first.text());
        while (ts.at(TokenType.DOT)) {
            Token after = ts.peek(1);
            if (after.type() != TokenType.WORD && after.type() != TokenType.QUOTED_IDENT) {
                ts.next();
                throw ts.error();
            }
            ts.next();
            ts.next();
            parts.add(after.text());
        }
        if (ts.at(TokenType.LPAREN)) {
            return call(String.join(".", parts), first);
        }
        if (parts.size() > 3) {
            throw ts.error("improper qualified name (too many dotted names): " + String.join(".", parts), first);
        }
        return new Expr.ColumnRef(parts, first.start());
    }

    /** {@code name(...)} with the opening parenthesis next. */
    private Expr call(String name, Token start) {
        ts.enter();
        ts.expect(TokenType.LPAREN);
        boolean distinct = false;
        boolean star = false;
        List<Expr> args = List.of();
        if (ts.peek().isOperator("*") && ts.peek(1).type() == TokenType.RPAREN) {
            ts.next();
            star = true;
        } else if (!ts.at(TokenType.RPAREN)) {
            distinct = ts.acceptWord("distinct");
            if (!distinct) {
                ts.acceptWord("all");
            }
            if (ts.atWord("variadic")) {
                throw SqlErrors.unsupported("VARIADIC");
            }
            args = list();
            if (ts.atWord("order")) {
                throw SqlErrors.unsupported("ORDER BY in an aggregate call");
            }
        }
        ts.expect(TokenType.RPAREN);
        if (ts.atWord("within") && ts.peek(1).isWord("group")) {
            throw SqlErrors.unsupported("WITHIN GROUP");
        }
        if (ts.atWord("filter") && ts.peek(1).type() == TokenType.LPAREN) {
            throw SqlErrors.unsupported("FILTER");
        }
        if (ts.atWord("over")) {
            throw SqlErrors.unsupported("Window functions (OVER)");
        }
        ts.leave();
        return new Expr.Call(name, args, distinct, star, start.start());
    }

    /** EXTRACT, SUBSTRING, POSITION and TRIM, whose arguments are separated by keywords. */
    private Expr specialCall(Token t) {
        ts.enter();
        ts.next();
        ts.expect(TokenType.LPAREN);
        Expr result = switch (t.text()) {
            case "extract" -> extract(t);
            case "substring" -> substring(t);
            case "position" -> position(t);
            default -> trim(t);
        };
        ts.expect(TokenType.RPAREN);
        ts.leave();
        return result;
    }

    private Expr extract(Token t) {
        Token field = ts.peek();
        if (field.type() != TokenType.WORD && field.type() != TokenType.STRING && field.type() != TokenType.QUOTED_IDENT) {
            throw ts.error();
        }
        ts.next();
        ts.expectWord("from");
        Expr from = parse();
        return new Expr.Call("extract", List.of(new Expr.Literal(field.text(), SqlType.TEXT, field.start()), from),
                false, false, t.start());
    }

    /** {@code substring(e FROM a FOR b)}, {@code substring(e FOR b)}, {@code substring(e, a, b)}. */
    private Expr substring(Token t) {
        Expr e = parse();
        List<Expr> args = new ArrayList<>();
        args.add(e);
        if (ts.accept(TokenType.COMMA)) {
            args.addAll(list());
        } else if (ts.atWord("similar")) {
            throw SqlErrors.unsupported("SUBSTRING ... SIMILAR");
        } else {
            Expr from = null;
            Expr forLength = null;
            for (int i = 0; i < 2; i++) {
                if (from == null && ts.acceptWord("from")) {
                    from = parse();
                } else if (forLength == null && ts.acceptWord("for")) {
                    forLength = parse();
                }
            }
            if (forLength != null) {
                args.add(from != null ? from : new Expr.Literal(1L, SqlType.INTEGER, forLength.pos()));
                args.add(forLength);
            } else if (from != null) {
                args.add(from);
            }
        }
        return new Expr.Call("substring", args, false, false, t.start());
    }

    /** {@code position(a IN b)}: the first operand stops short of IN, as PostgreSQL's b_expr does. */
    private Expr position(Token t) {
        Expr needle = other();
        ts.expectWord("in");
        Expr haystack = other();
        return new Expr.Call("position", List.of(needle, haystack), false, false, t.start());
    }

    /** {@code trim([LEADING|TRAILING|BOTH] [chars] FROM e)}, {@code trim([BOTH] e [, chars])}. */
    private Expr trim(Token t) {
        String name = "trim";
        if (ts.acceptWord("leading")) {
            name = "ltrim";
        } else if (ts.acceptWord("trailing")) {
            name = "rtrim";
        } else {
            ts.acceptWord("both");
        }
        List<Expr> args = new ArrayList<>();
        if (ts.acceptWord("from")) {
            args.addAll(list());
        } else {
            Expr first = parse();
            if (ts.acceptWord("from")) {
                args.add(parse());
                args.add(first);
            } else {
                args.add(first);
                if (ts.accept(TokenType.COMMA)) {
                    args.addAll(list());
                }
            }
        }
        return new Expr.Call(name, args, false, false, t.start());
    }

    private Expr caseExpr() {
        Token t = ts.next();
        Expr operand = ts.atWord("when") ? null : parse();
        List<Expr.When> whens = new ArrayList<>();
        while (ts.acceptWord("when")) {
            Expr condition = parse();
            ts.expectWord("then");
            whens.add(new Expr.When(condition, parse()));
        }
        if (whens.isEmpty()) {
            throw ts.error();
        }
        Expr otherwise = ts.acceptWord("else") ? parse() : null;
        ts.expectWord("end");
        return new Expr.Case(operand, whens, otherwise, t.start());
    }

    private Expr cast() {
        Token t = ts.next();
        ts.expect(TokenType.LPAREN);
        Expr operand = parse();
        ts.expectWord("as");
        TypeName type = type();
        ts.expect(TokenType.RPAREN);
        return new Expr.Cast(operand, type, t.start());
    }

    /**
     * A type name: one word or a multi-word SQL name ({@code double precision}, {@code character varying},
     * {@code timestamp(3) with time zone}), possibly schema-qualified, with integer modifiers. Arrays and
     * INTERVAL are refused.
     */
    TypeName type() {
        Token t = ts.peek();
        if (!TokenStream.isIdentifier(t)) {
            throw ts.error();
        }
        ts.next();
        String name = t.text();
        List<Integer> modifiers = List.of();
        if (t.type() == TokenType.WORD) {
            switch (name) {
                case "interval" -> throw SqlErrors.unsupported("INTERVAL");
                case "setof" -> throw SqlErrors.unsupported("SETOF");
                case "double" -> {
                    if (ts.acceptWord("precision")) {
                        name = "double precision";
                    }
                }
                case "character", "char", "bit" -> {
                    if (ts.acceptWord("varying")) {
                        name += " varying";
                    }
                }
                case "national" -> {
                    if (!ts.atWord("character") && !ts.atWord("char")) {
                        throw ts.error();
                    }
                    name = "national " + ts.next().text() + (ts.acceptWord("varying") ? " varying" : "");
                }
                case "timestamp", "time" -> {
                    modifiers = modifiers();
                    if ((ts.atWord("with") || ts.atWord("without")) && ts.peek(1).isWord("time")) {
                        String with = ts.next().text();
                        ts.next();
                        ts.expectWord("zone");
                        name += " " + with + " time zone";
                    }
                }
                default -> {
                }
            }
        }
        while (ts.at(TokenType.DOT) && modifiers.isEmpty()) {
            ts.next();
            name += "." + ts.label();
        }
        if (modifiers.isEmpty()) {
            modifiers = modifiers();
        }
        if (ts.at(TokenType.LBRACKET) || ts.atWord("array")) {
            throw SqlErrors.unsupported("Array types");
        }
        return new TypeName(name, modifiers, t.start());
    }

    private List<Integer> modifiers() {
        if (!ts.accept(TokenType.LPAREN)) {
            return List.of();
        }
        List<Integer> modifiers = new ArrayList<>();
        do {
            boolean negative = ts.acceptOperator("-");
            Token n = ts.expect(TokenType.INTEGER);
            int value;
            try {
                value = Integer.parseInt(n.text());
            } catch (NumberFormatException e) {
                throw ts.error("type modifier out of range: " + n.text(), n);
            }
            modifiers.add(negative ? -value : value);
        } while (ts.accept(TokenType.COMMA));
        ts.expect(TokenType.RPAREN);
        return modifiers;
    }
}
