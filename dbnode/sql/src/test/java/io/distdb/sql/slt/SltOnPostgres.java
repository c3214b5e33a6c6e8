package io.distdb.sql.slt;

import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlResult;
import io.distdb.sql.types.SqlType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * The same runner, the same scripts, with PostgreSQL as the engine: for telling a wrong result of DistDB that
 * PostgreSQL gives too (the script's expectation is SQLite's, and the record has no {@code skipif postgresql})
 * from one that is DistDB's alone. The report has the runner's format.
 *
 * <pre>SltOnPostgres &lt;report.md&gt; --pg-url=jdbc:postgresql://127.0.0.1:15433/ [--pg-user=postgres] file|prefix ...</pre>
 *
 * An argument ending in {@code .test} is a file, anything else a prefix ({@code test/} is the whole corpus).
 * The report has totals per directory and, written beside it as {@code <report>-files.md}, a row per file.
 *
 * Values come back as the driver reads them: integers as {@link Long}, NUMERIC as {@link java.math.BigDecimal},
 * floating point as {@link Double}, booleans as {@link Boolean}, the rest as text; the runner formats them by
 * the query's type letters as it does DistDB's. Each file runs in a fresh schema ({@code slt}, first on the
 * search path) of one database made for the run.
 */
public final class SltOnPostgres {

    private SltOnPostgres() {
    }

    public static void main(String[] args) throws Exception {
        Path out = null;
        String pgUrl = null;
        String pgUser = "postgres";
        List<String> files = new ArrayList<>();
        for (String arg : args) {
            if (arg.startsWith("--pg-url=")) {
                pgUrl = arg.substring("--pg-url=".length());
            } else if (arg.startsWith("--pg-user=")) {
                pgUser = arg.substring("--pg-user=".length());
            } else if (out == null) {
                out = Path.of(arg);
            } else if (arg.endsWith(".test")) {
                files.add(arg);
            } else {
                for (String f : SltCorpus.list(arg)) {
                    if (!files.contains(f)) {
                        files.add(f);
                    }
                }
            }
        }
        if (out == null || pgUrl == null || files.isEmpty()) {
            System.err.println("usage: SltOnPostgres <report.md> --pg-url=jdbc:postgresql://HOST:PORT/ "
                    + "[--pg-user=postgres] file ...");
            System.exit(2);
        }
        String base = pgUrl.endsWith("/") ? pgUrl : pgUrl + "/";
        String user = pgUser;
        SltReport report = new SltReport("sqllogictest on PostgreSQL: " + files.size() + (files.size() == 1 ? " file" : " files"))
                .maxWrongShown(10_000);
        SltRunner runner = new SltRunner(5, 10_000);
        long started = System.nanoTime();
        String loadAtStart = loadAverage();
        admin(base, user, "DROP DATABASE IF EXISTS slt_check", "CREATE DATABASE slt_check");
        int i = 0;
        for (String file : files) {
            i++;
            SltScript script = SltCorpus.load(file);
            SltFileResult result;
            try (Connection c = connect(base + "slt_check", user)) {
                // A fresh schema per file (a fresh database per file costs PostgreSQL a checkpoint each time).
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("DROP SCHEMA IF EXISTS slt CASCADE");
                    st.execute("CREATE SCHEMA slt");
                    st.execute("SET search_path = slt");
                    st.execute("SET statement_timeout = 60000");
                }
                result = runner.run(script, sql -> execute(c, sql));
                try (java.sql.Statement st = c.createStatement()) {
                    st.execute("SET statement_timeout = 0");
                    st.execute("DROP SCHEMA IF EXISTS slt CASCADE");
                }
            }
            report.add(result);
            System.err.println("[" + i + "/" + files.size() + "] " + result + String.format(java.util.Locale.ROOT,
                    " (%.1fs) load %s", result.elapsed().toMillis() / 1000.0, loadAverage()));
        }
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        String version;
        try (Connection c = connect(base + "postgres", user)) {
            version = c.getMetaData().getDatabaseProductVersion();
        }
        report.note("command: `SltOnPostgres " + String.join(" ", args) + "`; PostgreSQL " + version
                + " through pgjdbc, a fresh schema per file, statement_timeout 60 s");
        report.note(String.format(java.util.Locale.ROOT,
                "wall time %.0f s; 1-minute load average %s at the start, %s at the end",
                (System.nanoTime() - started) / 1e9, loadAtStart, loadAverage()));
        report.perFileTable(false).writeMarkdown(out);
        String name = out.getFileName().toString();
        report.perFileTable(true).writeMarkdown(out.resolveSibling(
                (name.endsWith(".md") ? name.substring(0, name.length() - 3) : name) + "-files.md"));
        report.print(System.out);
    }

    /** One statement through JDBC, as an {@link SltEngine} runs it: the wire-protocol run of the corpus uses it too. */
    static SqlResult execute(Connection c, String sql) {
        try (java.sql.Statement st = c.createStatement()) {
            if (!st.execute(sql)) {
                return SqlResult.count("OK", Math.max(0, st.getUpdateCount()));
            }
            try (ResultSet rs = st.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                int n = md.getColumnCount();
                List<SqlResult.Column> columns = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    columns.add(new SqlResult.Column(md.getColumnLabel(i), type(md.getColumnType(i))));
                }
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[n];
                    for (int i = 1; i <= n; i++) {
                        row[i - 1] = value(rs, i, columns.get(i - 1).type());
                    }
                    rows.add(row);
                }
                return SqlResult.rows(columns, rows);
            }
        } catch (SQLException e) {
            throw new SqlException(e.getSQLState() == null ? "XX000" : e.getSQLState(), "error", e.getMessage());
        }
    }

    private static SqlType type(int jdbcType) {
        switch (jdbcType) {
            case Types.BIGINT:
            case Types.INTEGER:
            case Types.SMALLINT:
            case Types.TINYINT:
                return SqlType.BIGINT;
            case Types.NUMERIC:
            case Types.DECIMAL:
                return SqlType.NUMERIC;
            case Types.DOUBLE:
            case Types.FLOAT:
            case Types.REAL:
                return SqlType.DOUBLE;
            case Types.BOOLEAN:
            case Types.BIT:
                return SqlType.BOOLEAN;
            default:
                return SqlType.TEXT;
        }
    }

    private static Object value(ResultSet rs, int i, SqlType type) throws SQLException {
        Object v;
        switch (type) {
            case BIGINT:
                long l = rs.getLong(i);
                v = l;
                break;
            case NUMERIC:
                v = rs.getBigDecimal(i);
                break;
            case DOUBLE:
                double d = rs.getDouble(i);
                v = d;
                break;
            case BOOLEAN:
                boolean b = rs.getBoolean(i);
                v = b;
                break;
            default:
                v = rs.getString(i);
        }
        return rs.wasNull() ? null : v;
    }

    private static void admin(String base, String user, String... statements) throws SQLException {
        try (Connection admin = connect(base + "postgres", user); java.sql.Statement st = admin.createStatement()) {
            for (String s : statements) {
                st.execute(s);
            }
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+")[0];
        } catch (java.io.IOException | RuntimeException e) {
            return "?";
        }
    }

    private static Connection connect(String url, String user) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", user);
        return DriverManager.getConnection(url, p);
    }
}
