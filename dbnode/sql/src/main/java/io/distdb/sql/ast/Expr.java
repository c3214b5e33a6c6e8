package io.distdb.sql.ast;

import io.distdb.sql.types.SqlType;

import java.util.List;

/**
 * Expressions as written, before names and types are bound. {@code pos} is the 0-based offset in the
 * statement text of the expression's first token, for error positions. AND and OR chains are flat
 * ({@link Logic}), so a long chain is one node, not a deep tree.
 */
public sealed interface Expr {

    int pos();

    /**
     * A constant. Integers are {@link Long} ({@code type} INTEGER when they fit 32 bits, else BIGINT; NUMERIC
     * {@link java.math.BigDecimal} beyond 64 bits), decimals and exponents are NUMERIC, quoted strings are
     * {@link String} of type UNKNOWN (their type comes from context, as in PostgreSQL), TRUE/FALSE BOOLEAN,
     * NULL is a {@code null} value of type UNKNOWN. Typed literals ({@code DATE '2024-01-02'}) are a
     * {@link Cast} of a string literal.
     */
    record Literal(Object value, SqlType type, int pos) implements Expr {
    }

    /** A placeholder: {@code ?} (numbered left to right), {@code $n} or {@code ?n}; {@code index} is 1-based. */
    record Param(int index, int pos) implements Expr {
    }

    /** A column reference: {@code c}, {@code t.c} or {@code s.t.c}; names already case-folded. */
    record ColumnRef(List<String> parts, int pos) implements Expr {
        public ColumnRef {
            parts = List.copyOf(parts);
        }

        public String column() {
            return parts.get(parts.size() - 1);
        }

        /** The table qualifier ({@code t} of {@code t.c}), or {@code null}. */
        public String qualifier() {
            return parts.size() < 2 ? null : parts.get(parts.size() - 2);
        }
    }

    /** {@code *} or {@code t.*} in a select list, and {@code *} in {@code count(*)}. */
    record Star(String qualifier, int pos) implements Expr {
    }

    /** Prefix {@code -}, {@code +} or {@code NOT} (op "-", "+", "NOT"). */
    record Unary(String op, Expr operand, int pos) implements Expr {
    }

    /**
     * An infix operator: {@code + - * / % ^ || = <> < <= > >= -> ->>}; {@code !=} is read as {@code <>}.
     * Ops are spelled as here (upper case for words).
     */
    record Binary(String op, Expr left, Expr right, int pos) implements Expr {
    }

    /** {@code a AND b AND c} ({@code and} true) or {@code a OR b OR c}, flattened, at least two operands. */
    record Logic(boolean and, List<Expr> operands, int pos) implements Expr {
        public Logic {
            operands = List.copyOf(operands);
        }
    }

    /** {@code e IS [NOT] NULL}. */
    record IsNull(Expr operand, boolean not, int pos) implements Expr {
    }

    /** {@code e IS [NOT] TRUE | FALSE | UNKNOWN}; {@code value} null for UNKNOWN. */
    record IsBoolean(Expr operand, Boolean value, boolean not, int pos) implements Expr {
    }

    /** {@code a IS [NOT] DISTINCT FROM b}. */
    record IsDistinctFrom(Expr left, Expr right, boolean not, int pos) implements Expr {
    }

    /** {@code e [NOT] BETWEEN [SYMMETRIC] low AND high}. */
    record Between(Expr operand, Expr low, Expr high, boolean not, boolean symmetric, int pos) implements Expr {
    }

    /** {@code e [NOT] IN (v1, v2, ...)}. */
    record InList(Expr operand, List<Expr> values, boolean not, int pos) implements Expr {
        public InList {
            values = List.copyOf(values);
        }
    }

    /** {@code e [NOT] IN (SELECT ...)}. */
    record InQuery(Expr operand, Query query, boolean not, int pos) implements Expr {
    }

    /** {@code [NOT] EXISTS (SELECT ...)} (the parser gives {@code NOT EXISTS} as a Unary NOT around it). */
    record Exists(Query query, int pos) implements Expr {
    }

    /** {@code (SELECT ...)} used as a value. */
    record ScalarQuery(Query query, int pos) implements Expr {
    }

    /** {@code e op ANY|SOME|ALL (SELECT ...)}; op is a comparison operator. */
    record Quantified(Expr operand, String op, boolean all, Query query, int pos) implements Expr {
    }

    /** {@code e [NOT] LIKE|ILIKE pattern [ESCAPE esc]}; escape is {@code null} when not given. */
    record Like(Expr operand, Expr pattern, Expr escape, boolean not, boolean caseInsensitive, int pos) implements Expr {
    }

    /** {@code CASE [operand] WHEN ... THEN ... [ELSE ...] END}; operand and otherwise may be {@code null}. */
    record Case(Expr operand, List<When> whens, Expr otherwise, int pos) implements Expr {
        public Case {
            whens = List.copyOf(whens);
        }
    }

    record When(Expr condition, Expr result) {
    }

    /** {@code CAST(e AS type)}, {@code e::type}, or a typed literal {@code DATE '...'}. */
    record Cast(Expr operand, TypeName type, int pos) implements Expr {
    }

    /**
     * A function call, name case-folded. {@code count(*)} has {@code star}; {@code count(DISTINCT x)} has
     * {@code distinct}. Special forms are calls too: {@code COALESCE}, {@code NULLIF}, {@code GREATEST},
     * {@code LEAST}, {@code CURRENT_TIMESTAMP}/{@code CURRENT_DATE}/{@code NOW()} (no arguments),
     * {@code EXTRACT(field FROM e)} (name "extract", first argument the field as a text Literal),
     * {@code SUBSTRING(e FROM a FOR b)} (name "substring", arguments e, a[, b]), {@code POSITION(a IN b)}
     * (name "position", arguments a, b), {@code TRIM([LEADING|TRAILING|BOTH] [chars] FROM e)} (name
     * "trim", "ltrim" or "rtrim", arguments e[, chars]).
     */
    record Call(String name, List<Expr> args, boolean distinct, boolean star, int pos) implements Expr {
        public Call {
            args = List.copyOf(args);
        }
    }

    /** The {@code DEFAULT} keyword where a value may stand: a VALUES row of INSERT, UPDATE's SET. */
    record Default(int pos) implements Expr {
    }
}
