package io.distdb.server.sql.expr;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.server.sql.SqlErrors;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The values bound to a statement's {@code ?} (and {@code ?N}, {@code $N}) placeholders, in position order,
 * already converted to run-time values (see {@link Values}). A placeholder compiles to its value exactly as a
 * literal of that value would; the value is never parsed as SQL.
 */
public final class Params {

    public static final Params NONE = new Params(List.of());

    private final List<Object> values;

    private Params(List<Object> values) {
        this.values = values;
    }

    /**
     * Binds request values: JSON nodes (strings, numbers, booleans, null, objects and arrays for JSON columns)
     * or the equivalent Java values (String, Integer, Long, Double, Boolean, null, Instant, JsonNode).
     */
    public static Params of(List<?> raw) {
        if (raw == null || raw.isEmpty()) {
            return NONE;
        }
        List<Object> values = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            values.add(convert(raw.get(i), i + 1));
        }
        return new Params(Collections.unmodifiableList(values));
    }

    public int size() {
        return values.size();
    }

    /** The bound values, in position order. */
    public List<Object> values() {
        return values;
    }

    /** The value of a placeholder; its index is 1-based. */
    public Object get(JdbcParameter p) {
        Integer index = p.getIndex();
        if (index == null || index < 1 || index > values.size()) {
            throw SqlErrors.error("parameter " + p + " has no value: " + values.size() + " parameter"
                    + (values.size() == 1 ? " was" : "s were") + " given");
        }
        return values.get(index - 1);
    }

    /**
     * The text of an expression as an identity (GROUP BY keys, repeated aggregates): every plain {@code ?} prints
     * alike, so the parameter positions are appended; {@code a + ?} with parameter 1 is not {@code a + ?} with 2.
     */
    public static String identity(Expression e) {
        String text = e.toString();
        if (text.indexOf('?') < 0) {
            return text;
        }
        List<Integer> indexes = new ArrayList<>();
        e.accept(new ExpressionVisitorAdapter<Void>() {
            @Override
            public <S> Void visit(JdbcParameter parameter, S context) {
                indexes.add(parameter.getIndex());
                return null;
            }
        }, null);
        return indexes.isEmpty() ? text : text + " #params" + indexes;
    }

    private static Object convert(Object v, int position) {
        if (v instanceof JsonNode j) {
            if (j.isNull() || j.isMissingNode()) {
                return null;
            }
            if (j.isTextual()) {
                return j.textValue();
            }
            if (j.isBoolean()) {
                return j.booleanValue();
            }
            if (j.isIntegralNumber()) {
                return j.canConvertToLong() ? (Object) j.longValue() : (Object) j.doubleValue();
            }
            if (j.isNumber()) {
                return j.doubleValue();
            }
            if (j.isObject() || j.isArray()) {
                return j;
            }
            throw SqlErrors.error("parameter " + position + ": unsupported JSON value " + j.getNodeType());
        }
        if (v == null || v instanceof String || v instanceof Long || v instanceof Double || v instanceof Boolean || v instanceof Instant) {
            return v;
        }
        if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
            return ((Number) v).longValue();
        }
        if (v instanceof Float f) {
            return f.doubleValue();
        }
        if (v instanceof BigInteger b) {
            return b.bitLength() < 64 ? (Object) b.longValue() : (Object) b.doubleValue();
        }
        if (v instanceof BigDecimal d) {
            return d.doubleValue();
        }
        throw SqlErrors.error("parameter " + position + ": unsupported value of type " + v.getClass().getSimpleName());
    }
}
