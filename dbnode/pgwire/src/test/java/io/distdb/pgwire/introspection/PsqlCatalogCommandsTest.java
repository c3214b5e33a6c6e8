package io.distdb.pgwire.introspection;

import io.distdb.pgwire.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * psql 15 itself, run as a process against the wire protocol server over a standalone engine holding the
 * schema PostgreSQL 15 was captured with: {@code \dt}, {@code \d t}, {@code \di}, {@code \l} and the others
 * print what they print against PostgreSQL (the owner is the connection's user; what DistDB does not keep,
 * such as sizes, is left blank).
 */
class PsqlCatalogCommandsTest {

    private static final Path PSQL = Path.of("/usr/bin/psql");

    static TestServer server;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(PSQL)) {
            // As the wire protocol's own psql tests: CI must have it; elsewhere the test is skipped.
            if (System.getenv("CI") != null) {
                throw new IllegalStateException("psql is missing: .ci/run installs Debian's postgresql-client");
            }
            assumeTrue(false, "psql is not installed (Debian's postgresql-client)");
        }
        server = TestServer.start();
        for (String ddl : IntrospectionSchema.CAPTURED) {
            server.engine().execute(ddl);
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void describeTablePrintsWhatPostgresPrints() {
        assertEquals(postgres("psql15-d-t.txt"), psql("\\d t"));
        assertEquals(postgres("psql15-d-pairs.txt"), psql("\\d pairs"));
        assertEquals(postgres("psql15-dplus-t.txt"), psql("\\d+ t"));
    }

    @Test
    void describeIndexPrintsWhatPostgresPrints() {
        assertEquals(postgres("psql15-d-idx.txt"), psql("\\d t_pkey"));
    }

    @Test
    void listTables() {
        assertEquals("""
                         List of relations
                 Schema |   Name   | Type  | Owner\s
                --------+----------+-------+-------
                 public | alltypes | table | app
                 public | pairs    | table | app
                 public | t        | table | app
                (3 rows)

                """, psql("\\dt"));
        assertEquals("""
                       List of relations
                 Schema | Name | Type  | Owner\s
                --------+------+-------+-------
                 public | t    | table | app
                (1 row)

                """, psql("\\dt t*"));
        assertEquals("""
                         List of relations
                 Schema |   Name   | Type  | Owner\s
                --------+----------+-------+-------
                 public | alltypes | table | app
                 public | pairs    | table | app
                 public | t        | table | app
                 public | v        | view  | app
                (4 rows)

                """, psql("\\d"));
    }

    @Test
    void listIndexes() {
        assertEquals("""
                              List of relations
                 Schema |    Name     | Type  | Owner | Table\s
                --------+-------------+-------+-------+-------
                 public | pairs_pkey  | index | app   | pairs
                 public | t_email_idx | index | app   | t
                 public | t_name_idx  | index | app   | t
                 public | t_pkey      | index | app   | t
                (4 rows)

                """, psql("\\di"));
    }

    @Test
    void listDatabases() {
        assertEquals("""
                                                       List of databases
                  Name  | Owner | Encoding | Collate | Ctype | ICU Locale | Locale Provider | Access privileges\s
                --------+-------+----------+---------+-------+------------+-----------------+-------------------
                 distdb | app   | UTF8     | C       | C     |            | libc            |\s
                (1 row)

                """, psql("\\l"));
    }

    @Test
    void views() {
        assertEquals("""
                      List of relations
                 Schema | Name | Type | Owner\s
                --------+------+------+-------
                 public | v    | view | app
                (1 row)

                """, psql("\\dv"));
        // The view's columns are typed by its query: the engine's result type of name is text (PostgreSQL keeps
        // the varchar(20) of the table's column).
        assertEquals("""
                                  View "public.v"
                 Column |  Type   | Collation | Nullable | Default\s
                --------+---------+-----------+----------+---------
                 id     | integer |           |          |\s
                 name   | text    |           |          |\s

                """, psql("\\d v"));
    }

    @Test
    void unknownRelation() {
        assertEquals("Did not find any relation named \"nosuch\".\n", psql("\\d nosuch"));
    }

    /** What psql prints for one command (its standard output and error together). */
    static String psql(String command) {
        ProcessBuilder pb = new ProcessBuilder(PSQL.toString(), "-X", "-P", "pager=off", "-h", "127.0.0.1",
                "-p", String.valueOf(server.port()), "-U", "app", "-d", "distdb", "-c", command);
        pb.environment().put("PGPASSWORD", TestServer.PASSWORD);
        pb.environment().put("PGSSLMODE", "disable");
        pb.environment().put("PGCONNECT_TIMEOUT", "10");
        pb.environment().remove("PGSERVICE");
        pb.redirectErrorStream(true);
        try {
            Process p = pb.start();
            p.getOutputStream().close();
            byte[] out;
            try (InputStream in = p.getInputStream()) {
                out = in.readAllBytes();
            }
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("psql " + command + " did not finish");
            }
            return new String(out, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** PostgreSQL's output for a command, as captured (resources introspection/postgres15-output/). */
    static String postgres(String name) {
        try (InputStream in = PsqlCatalogCommandsTest.class.getResourceAsStream("/introspection/postgres15-output/" + name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
