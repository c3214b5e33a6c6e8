package io.distdb.pgwire.introspection;

import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What tools ask right after connecting about the connection itself: {@code SELECT current_database()},
 * {@code select current_catalog} (pgjdbc's {@code getCatalog()}), {@code SELECT current_user},
 * {@code session_user}, {@code current_schema()}, alone or several in one select list (with
 * {@code version()} too), with or without aliases. The database and user are the connection's, which the
 * engine does not know; a statement that is anything more than such a list (a FROM, another expression)
 * goes to the engine.
 */
final class SessionFunctions implements CatalogQuery {

    private record Known(Pattern pattern, String column, Function<Client, String> value) {
    }

    private final List<Known> known;

    /** {@code version} is the engine's version() text, for a list that mixes it with the others. */
    SessionFunctions(Supplier<String> version) {
        List<Known> all = new ArrayList<>(KNOWN);
        all.add(known("version\\(\\)", "version", c -> version.get()));
        this.known = List.copyOf(all);
    }

    private static final List<Known> KNOWN = List.of(
            known("current_database\\(\\)", "current_database", Client::database),
            known("current_catalog", "current_catalog", Client::database),
            known("current_user", "current_user", Client::user),
            known("session_user", "session_user", Client::user),
            known("user", "user", Client::user),
            known("current_role", "current_role", Client::user),
            known("current_schema(?:\\(\\))?", "current_schema", c -> CatalogRows.SCHEMA));

    private static final Pattern ALIAS = Pattern.compile("^(.*?)(?: as)? (\"[^\"]+\"|[a-z_][a-z0-9_]*)$",
            Pattern.CASE_INSENSITIVE);

    private static Known known(String regex, String column, Function<Client, String> value) {
        return new Known(Pattern.compile("(?:pg_catalog\\.)?" + regex), column, value);
    }

    @Override
    public Optional<SqlResult> answer(QueryText q, Client client) {
        if (!q.startsWith("select ") || q.text.length() > 300 || q.lower.contains(" from ") || q.text.contains("$")) {
            return Optional.empty();
        }
        Rows rows = new Rows();
        List<Object> values = new ArrayList<>();
        for (String item : q.text.substring("select ".length()).split(",")) {
            String expr = item.strip();
            String name = null;
            Known k = match(expr.toLowerCase(java.util.Locale.ROOT));
            if (k == null) {
                Matcher m = ALIAS.matcher(expr);
                if (!m.matches()) {
                    return Optional.empty();
                }
                k = match(m.group(1).strip().toLowerCase(java.util.Locale.ROOT));
                name = m.group(2).startsWith("\"") ? m.group(2).substring(1, m.group(2).length() - 1)
                        : m.group(2).toLowerCase(java.util.Locale.ROOT);
                if (k == null) {
                    return Optional.empty();
                }
            }
            rows.column(name != null ? name : k.column(), SqlType.TEXT);
            values.add(k.value().apply(client));
        }
        return Optional.of(rows.row(values.toArray()).result());
    }

    private Known match(String expr) {
        for (Known k : known) {
            if (k.pattern().matcher(expr).matches()) {
                return k;
            }
        }
        return null;
    }
}
