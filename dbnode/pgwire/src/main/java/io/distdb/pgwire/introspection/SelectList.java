package io.distdb.pgwire.introspection;

import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result columns of a client query whose select list varies with the client's version and options
 * (psql adds Storage and Description columns for {@code \d+}, Persistence and Size for {@code \dt+},
 * and reads them by position). The columns are the known items found in the select list, in the order
 * they appear there, so the answer has exactly the columns, in the order, the client counts on.
 */
final class SelectList {

    /** A select-list item: the fragment that shows it is there, the column it gives, and its value for a row. */
    record Item<R>(String fragment, String name, SqlType type, Function<R, Object> value) {
    }

    private static final Pattern ALIAS = Pattern.compile("\\bas \"([^\"]+)\"", Pattern.CASE_INSENSITIVE);

    private SelectList() {
    }

    /** The items whose fragment occurs in {@code selectPart} (lower case), ordered by where they occur. */
    static <R> List<Item<R>> present(String selectPart, List<Item<R>> known) {
        List<Item<R>> found = new ArrayList<>();
        for (Item<R> item : known) {
            if (selectPart.contains(item.fragment().toLowerCase(Locale.ROOT))) {
                found.add(item);
            }
        }
        found.sort(Comparator.comparingInt(i -> selectPart.indexOf(i.fragment().toLowerCase(Locale.ROOT))));
        return found;
    }

    /** The rows of {@code items} over {@code rows}. */
    static <R> Rows rows(List<Item<R>> items, List<R> rows) {
        Rows out = new Rows();
        for (Item<R> item : items) {
            out.column(item.name(), item.type());
        }
        for (R r : rows) {
            Object[] values = new Object[items.size()];
            for (int i = 0; i < values.length; i++) {
                values[i] = items.get(i).value().apply(r);
            }
            out.row(values);
        }
        return out;
    }

    /** The quoted aliases of a select list ({@code c.relname as "Name"}), in order: psql's list commands name every column so. */
    static List<String> aliases(String selectPart) {
        List<String> out = new ArrayList<>();
        Matcher m = ALIAS.matcher(selectPart);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
