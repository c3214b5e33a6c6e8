package io.distdb.pgwire.introspection;

import io.distdb.pgwire.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pgjdbc's DatabaseMetaData against the wire protocol server over a standalone engine holding the schema
 * PostgreSQL 15 was captured with: the rows are those PostgreSQL gave (resources
 * {@code introspection/postgres15-output/jdbc42714-metadata.txt}), except what DistDB does not keep
 * (index page counts) and the databases and schemas it does not have.
 */
class JdbcDatabaseMetaDataTest {

    static TestServer server;
    static Connection connection;
    static DatabaseMetaData md;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.start();
        for (String ddl : IntrospectionSchema.CAPTURED) {
            server.engine().execute(ddl);
        }
        connection = server.connect();
        md = connection.getMetaData();
    }

    @AfterAll
    static void stop() throws Exception {
        if (connection != null) {
            connection.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void getTables() throws SQLException {
        assertEquals(List.of(
                "distdb|public|alltypes|TABLE|null|||||",
                "distdb|public|pairs|TABLE|null|||||",
                "distdb|public|t|TABLE|null|||||"), rows(md.getTables(null, null, "%", new String[] {"TABLE"})));
        assertEquals(List.of("distdb|public|t|TABLE|null|||||"), rows(md.getTables(null, "public", "t", null)));
        assertEquals(List.of("distdb|public|v|VIEW|null|||||"), rows(md.getTables(null, null, "%", new String[] {"VIEW"})));
        assertEquals(List.of("distdb|public|alltypes|TABLE|null|||||", "distdb|public|pairs|TABLE|null|||||",
                "distdb|public|t|TABLE|null|||||", "distdb|public|v|VIEW|null|||||"),
                rows(md.getTables(null, "pub%", "%", new String[] {"VIEW", "TABLE", "SEQUENCE"})));
        assertEquals(List.of(), rows(md.getTables(null, null, "%", new String[] {"SYSTEM TABLE"})));
        assertEquals(List.of("distdb|public|t_email_idx|INDEX|null|||||", "distdb|public|t_name_idx|INDEX|null|||||",
                "distdb|public|t_pkey|INDEX|null|||||"), rows(md.getTables(null, null, "t\\_%", new String[] {"INDEX"})));
    }

    @Test
    void getColumns() throws SQLException {
        // As PostgreSQL answered: name, DATA_TYPE, TYPE_NAME, COLUMN_SIZE, DECIMAL_DIGITS, NULLABLE, COLUMN_DEF,
        // ORDINAL_POSITION, IS_NULLABLE, IS_AUTOINCREMENT.
        List<String> expected = List.of(
                "id|4|int4|10|0|0|null|1|NO|NO",
                "name|12|varchar|20|0|0|null|2|NO|NO",
                "email|12|text|2147483647|0|1|null|3|YES|NO",
                "score|-5|int8|19|0|1|0|4|YES|NO",
                "active|-7|bool|1|0|1|true|5|YES|NO",
                "created|93|timestamptz|35|6|1|null|6|YES|NO");
        assertEquals(expected, columns(md.getColumns(null, null, "t", null)));
        assertEquals(expected, columns(md.getColumns(null, "public", "t", "%")));
        assertEquals(List.of(
                "s|5|int2|5|0|1|null|1|YES|NO",
                "i|4|int4|10|0|1|null|2|YES|NO",
                "b|-5|int8|19|0|1|null|3|YES|NO",
                "d|8|float8|17|17|1|null|4|YES|NO",
                "n|2|numeric|10|2|1|null|5|YES|NO",
                "n2|2|numeric|0|null|1|null|6|YES|NO",
                "tx|12|text|2147483647|0|1|null|7|YES|NO",
                "v|12|varchar|5|0|1|null|8|YES|NO",
                "bo|-7|bool|1|0|1|null|9|YES|NO",
                "dt|91|date|13|0|1|null|10|YES|NO",
                "ts|93|timestamptz|35|6|1|null|11|YES|NO",
                "by|-2|bytea|2147483647|0|1|null|12|YES|NO",
                "j|1111|jsonb|2147483647|0|1|null|13|YES|NO",
                "c|12|text|2147483647|0|1|'x''y'::text|14|YES|NO"), columns(md.getColumns(null, null, "alltypes", null)));
    }

    @Test
    void getPrimaryKeys() throws SQLException {
        assertEquals(List.of("distdb|public|t|id|1|t_pkey"), rows(md.getPrimaryKeys(null, null, "t")));
        assertEquals(List.of("distdb|public|pairs|a|1|pairs_pkey", "distdb|public|pairs|b|2|pairs_pkey"),
                rows(md.getPrimaryKeys(null, "public", "pairs")));
    }

    @Test
    void getIndexInfo() throws SQLException {
        List<String> all = rows(md.getIndexInfo(null, null, "t", false, false));
        assertEquals(List.of(
                "distdb|public|t|f|null|t_email_idx|3|1|email|A|0|0|null|null",
                "distdb|public|t|f|null|t_pkey|3|1|id|A|0|0|null|null",
                "distdb|public|t|t|null|t_name_idx|3|1|name|A|0|0|null|null"), all);
        assertEquals(all.subList(0, 2), rows(md.getIndexInfo(null, "public", "t", true, true)));
        try (ResultSet rs = md.getIndexInfo(null, null, "t", false, false)) {
            assertTrue(rs.next());
            assertFalse(rs.getBoolean("NON_UNIQUE"));
            assertEquals(DatabaseMetaData.tableIndexOther, rs.getShort("TYPE"));
            assertEquals(0L, rs.getLong("CARDINALITY"));
        }
    }

    @Test
    void schemasCatalogsTypesKeys() throws SQLException {
        assertEquals(List.of("public|distdb"), rows(md.getSchemas()));
        assertEquals(List.of("distdb"), rows(md.getCatalogs()));
        assertTrue(rows(md.getTableTypes()).contains("TABLE"));
        assertEquals(List.of(), rows(md.getImportedKeys(null, null, "t")));
        assertEquals(List.of(), rows(md.getExportedKeys(null, null, "t")));
        assertEquals("distdb", connection.getCatalog());
    }

    @Test
    void resultSetMetaData() throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT id, name FROM t")) {
            ResultSetMetaData r = rs.getMetaData();
            assertEquals("id", r.getColumnName(1));
            assertEquals(Types.INTEGER, r.getColumnType(1));
        }
    }

    @Test
    void connectionFunctions() throws SQLException {
        try (Statement s = connection.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_database(), current_user, current_schema()")) {
            assertTrue(rs.next());
            assertEquals("distdb", rs.getString(1));
            assertEquals("app", rs.getString(2));
            assertEquals("public", rs.getString(3));
        }
    }

    /** Each row as its values joined by |. */
    static List<String> rows(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    static List<String> columns(ResultSet rs) throws SQLException {
        List<String> out = new ArrayList<>();
        try (rs) {
            while (rs.next()) {
                out.add(String.join("|", rs.getString("COLUMN_NAME"), rs.getString("DATA_TYPE"), rs.getString("TYPE_NAME"),
                        rs.getString("COLUMN_SIZE"), rs.getString("DECIMAL_DIGITS"), rs.getString("NULLABLE"),
                        String.valueOf(rs.getString("COLUMN_DEF")), rs.getString("ORDINAL_POSITION"),
                        rs.getString("IS_NULLABLE"), rs.getString("IS_AUTOINCREMENT")));
            }
        }
        return out;
    }
}
