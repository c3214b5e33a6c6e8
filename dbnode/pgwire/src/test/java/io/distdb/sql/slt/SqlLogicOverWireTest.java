package io.distdb.sql.slt;

import io.distdb.pgwire.PgWireOptions;
import io.distdb.pgwire.TestServer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.sql.Connection;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * The engine's sqllogictest corpus ({@link SqlLogicTest#files()}) a second time, every statement sent through
 * the PostgreSQL wire protocol by pgjdbc, and compared file by file with the same file run on the engine
 * directly: the same number of records pass, fail and are skipped — the protocol loses nothing (no value
 * changes on its way through text and back, no error changes its SQLSTATE class).
 */
class SqlLogicOverWireTest {

    @TestFactory
    Stream<DynamicTest> corpusThroughPgjdbc() {
        return SqlLogicTest.files().stream().map(file -> DynamicTest.dynamicTest(file, () -> runFile(file)));
    }

    private static void runFile(String file) throws Exception {
        SltScript script = SltCorpus.load(file);
        SltFileResult direct = new SltRunner().runFresh(script, SqlLogicTest::newEngine);
        SltFileResult wire;
        try (TestServer server = TestServer.start(PgWireOptions.defaults("127.0.0.1", 0));
             Connection c = server.connect()) {
            try (java.sql.Statement s = c.createStatement()) {
                s.execute("SET statement_timeout = 60000");
            }
            wire = new SltRunner().run(script, sql -> SltOnPostgres.execute(c, sql));
        }
        SltReport report = new SltReport("sqllogictest through the wire protocol " + file).add(wire);
        report.writeMarkdown(SltCorpus.reportPath(SqlLogicTest.REPORTS.resolveSibling("sqllogictest-wire"), file));
        System.out.println("direct: " + direct + "\nwire:   " + wire);
        assertAll(file,
                () -> assertNull(wire.fileError(), "the file did not run through the wire"),
                () -> assertEquals(0, wire.count(SltOutcome.WRONG), "wrong results through the wire (see the report)"),
                () -> assertEquals(0, wire.count(SltOutcome.CRASHED), "crashes through the wire (see the report)"),
                () -> assertEquals(direct.count(SltOutcome.PASSED), wire.count(SltOutcome.PASSED), "records passing"),
                () -> assertEquals(direct.executed(), wire.executed(), "records run"));
    }
}
