package io.distdb.sql.ast;

import java.util.List;

/**
 * A type as written: its name, case-folded, with multi-word names joined by one space ({@code double
 * precision}, {@code character varying}, {@code timestamp with time zone}), and its modifiers
 * ({@code varchar(20)} has [20], {@code numeric(10,2)} has [10, 2]).
 */
public record TypeName(String name, List<Integer> modifiers, int pos) {
    public TypeName {
        modifiers = List.copyOf(modifiers);
    }
}
