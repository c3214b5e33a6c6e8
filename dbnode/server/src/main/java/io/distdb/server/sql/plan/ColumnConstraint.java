package io.distdb.server.sql.plan;

import io.distdb.server.sql.expr.Values;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** What the WHERE clause says about one column: equal to one of some values, within a range, or starting with a prefix. */
final class ColumnConstraint {

    List<Object> equals;
    Object lower;
    boolean lowerInclusive;
    Object upper;
    boolean upperInclusive;
    String prefix;
    final List<String> equalityText = new ArrayList<>();
    final List<String> rangeText = new ArrayList<>();

    boolean hasEquality() {
        return equals != null;
    }

    boolean hasRange() {
        return lower != null || upper != null || prefix != null;
    }

    void addEquals(List<Object> values, String text) {
        if (equals == null) {
            Set<Object> seen = new HashSet<>();
            List<Object> distinct = new ArrayList<>();
            for (Object v : values) {
                if (seen.add(Values.keyOf(v))) {
                    distinct.add(v);
                }
            }
            equals = distinct;
            equalityText.add(text);
        }
    }

    void addLower(Object value, boolean inclusive, String text) {
        if (lower == null) {
            lower = value;
            lowerInclusive = inclusive;
            if (!rangeText.contains(text)) {
                rangeText.add(text);
            }
        }
    }

    /** {@code text} may be {@code null} when the same condition already gave the lower bound (BETWEEN). */
    void addUpper(Object value, boolean inclusive, String text) {
        if (upper == null) {
            upper = value;
            upperInclusive = inclusive;
            if (text != null && !rangeText.contains(text)) {
                rangeText.add(text);
            }
        }
    }

    void addPrefix(String value, String text) {
        if (prefix == null && !value.isEmpty()) {
            prefix = value;
            rangeText.add(text);
        }
    }
}
