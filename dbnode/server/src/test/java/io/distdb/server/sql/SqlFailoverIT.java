package io.distdb.server.sql;

import com.fasterxml.jackson.databind.JsonNode;
import io.distdb.admin.api.AdminException;
import io.distdb.admin.api.MetadataStatus;
import io.distdb.server.cluster.JsonHttp;
import io.distdb.server.cluster.LocalCluster;
import io.distdb.server.sql.SqlLoad.Kind;
import io.distdb.server.sql.SqlLoad.Stats;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static io.distdb.server.cluster.LocalCluster.log;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SQL on every node, with no single point of failure: three real node processes from a static member list
 * (RF 3), SQL load spread over every node that is up, and the metadata group's leader or members taken away
 * in turn: SIGKILL of the leader (then restart), a rolling restart with SIGTERM, SIGSTOP of the leader, of a
 * follower and of two nodes at once. Also two {@code CREATE TABLE}s of one name racing through two nodes, and
 * the client's consistency level on SQL statements with a node down.
 *
 * <p>The steps share one cluster and run in order. Durations (time to a new leader, to the first DDL that
 * succeeds again, to catch up after a restart) are measured and printed in {@code SUMMARY} lines, never
 * asserted. Node logs stay under {@code target/sql-failover-it/<run>}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SqlFailoverIT {

    private static final List<String> NODES = List.of("node-1", "node-2", "node-3");
    private static final Duration WAIT = Duration.ofMinutes(2);
    private static final Set<Kind> DATA = Set.of(Kind.INSERT, Kind.SELECT);

    private final Path runDir = Path.of("target", "sql-failover-it",
            LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")) + "-" + UUID.randomUUID().toString().substring(0, 8));
    private final JsonHttp http = new JsonHttp(Duration.ofSeconds(60));
    private final List<String> summary = new CopyOnWriteArrayList<>();
    /** The nodes the load sends statements to. */
    private final List<String> up = new CopyOnWriteArrayList<>(NODES);
    private final Random random = new Random(7);
    private LocalCluster cluster;

    @BeforeAll
    void startCluster() throws Exception {
        cluster = new LocalCluster(runDir, "sql-failover-it-" + UUID.randomUUID());
        cluster.startStatic(NODES, 3, 16);
        String leader = awaitLeader(NODES, null);
        log("metadata group: %s", NODES.stream().map(id -> describe(cluster.metadata(id))).collect(Collectors.joining("; ")));
        log("the metadata group's leader is %s", leader);
        ok(sql("node-1", "CREATE TABLE kv (k TEXT PRIMARY KEY, v BIGINT, w INTEGER)", "QUORUM"), "create kv");
        ok(sql("node-2", "CREATE TABLE events (k TEXT, v BIGINT)", "QUORUM"), "create events");
    }

    @AfterAll
    void stopCluster() {
        summary.forEach(line -> log("%s", line));
        if (cluster != null) {
            cluster.close();
        }
    }

    private void onFailure(Throwable failure) throws Throwable {
        log("FAILED: %s", failure);
        log("FAILED; the tails of the node logs follow (all logs under %s)", runDir.toAbsolutePath());
        System.out.println(cluster.logTails(80));
        throw failure;
    }

    // ---- 0. every node serves the PostgreSQL wire protocol on the one catalog

    @Test
    @Order(0)
    void everyNodeServesTheWireProtocol() throws Throwable {
        try {
            wireProtocolOnEveryNode();
        } catch (Throwable t) {
            onFailure(t);
        }
    }

    private java.sql.Connection pg(String id) throws java.sql.SQLException {
        return java.sql.DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + cluster.node(id).pgPort() + "/distdb", "app", "");
    }

    private void wireProtocolOnEveryNode() throws Exception {
        try (java.sql.Connection c3 = pg("node-3");
             java.sql.PreparedStatement insert = c3.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
            for (int i = 0; i < 50; i++) {
                insert.setString(1, "wire-" + i);
                insert.setLong(2, i);
                insert.setInt(3, i % 5);
                insert.addBatch();
            }
            insert.executeBatch();
        }
        try (java.sql.Connection c1 = pg("node-1"); java.sql.Statement s = c1.createStatement();
             java.sql.ResultSet rs = s.executeQuery("SELECT count(*), sum(v) FROM kv WHERE k LIKE 'wire-%'")) {
            assertTrue(rs.next());
            assertEquals(50, rs.getLong(1), "rows written through node-3's port are read through node-1's");
            assertEquals(1225, rs.getLong(2));
        }
        try (java.sql.Connection c2 = pg("node-2"); java.sql.Statement s = c2.createStatement()) {
            java.sql.SQLException e = org.junit.jupiter.api.Assertions.assertThrows(java.sql.SQLException.class,
                    () -> s.executeUpdate("INSERT INTO kv VALUES ('wire-7', 0, 0)"));
            assertEquals("23505", e.getSQLState(), "a key claimed through another node is a duplicate here too");
            assertEquals(50, s.executeUpdate("DELETE FROM kv WHERE k LIKE 'wire-%'"));
        }
        log("wire protocol: 50 rows through node-3, read through node-1, a duplicate refused through node-2");
    }

    // ---- 4. two CREATE TABLEs of one name through two nodes at the same moment

    @Test
    @Order(1)
    void concurrentCreateTableOfOneNameThroughTwoNodes() throws Throwable {
        try {
            ddlRace();
        } catch (Throwable t) {
            onFailure(t);
        }
    }

    private void ddlRace() throws Exception {
        int rounds = 10;
        int bothSucceeded = 0;
        List<Long> visibleChecks = new ArrayList<>();
        for (int i = 0; i < rounds; i++) {
            String name = "race_" + i;
            String a = NODES.get(i % 3);
            String b = NODES.get((i + 1) % 3);
            CountDownLatch ready = new CountDownLatch(2);
            CountDownLatch go = new CountDownLatch(1);
            String create = "CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, via TEXT)";
            CompletableFuture<JsonHttp.Answer> first = CompletableFuture.supplyAsync(() -> race(ready, go, a, create));
            CompletableFuture<JsonHttp.Answer> second = CompletableFuture.supplyAsync(() -> race(ready, go, b, create));
            ready.await();
            go.countDown();
            JsonHttp.Answer ra = first.get(1, TimeUnit.MINUTES);
            JsonHttp.Answer rb = second.get(1, TimeUnit.MINUTES);
            log("race %d: %s -> %s; %s -> %s", i, a, ra, b, rb);
            if (ra.ok() && rb.ok()) {
                bothSucceeded++;
            }
            assertTrue(ra.ok() != rb.ok(), "exactly one CREATE TABLE " + name + " succeeds: " + a + " " + ra + "; " + b + " " + rb);
            JsonHttp.Answer loser = ra.ok() ? rb : ra;
            String winner = ra.ok() ? a : b;
            assertEquals(400, loser.status(), "the other gets a client error: " + loser);
            assertEquals("42P07", loser.body().path("sqlState").asText(), "the other is told the table exists: " + loser);
            // Right after the CREATE returned, every other node knows the table.
            for (String other : NODES) {
                if (other.equals(winner)) {
                    continue;
                }
                long start = System.nanoTime();
                JsonHttp.Answer select = sql(other, "SELECT count(*) FROM " + name, "QUORUM");
                visibleChecks.add(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start));
                assertEquals(200, select.status(), name + " created through " + winner + " is visible through " + other + ": " + select);
            }
        }
        summary.add(String.format("SUMMARY ddl-race: %d rounds, exactly one CREATE TABLE succeeded in each (the other 400 42P07), "
                + "both succeeded %d times; SELECT through each other node right after the CREATE: %d x 200 (slowest %d ms)",
                rounds, bothSucceeded, visibleChecks.size(), visibleChecks.stream().mapToLong(Long::longValue).max().orElse(0)));
        log("%s", summary.get(summary.size() - 1));
    }

    private JsonHttp.Answer race(CountDownLatch ready, CountDownLatch go, String node, String statement) {
        ready.countDown();
        try {
            go.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return sql(node, statement, "QUORUM");
    }

    // ---- 1. SIGKILL of the leader under SQL load; 5. consistency levels with a node down

    @Test
    @Order(2)
    void killingTheMetadataLeaderUnderSqlLoad() throws Throwable {
        try {
            leaderKill();
        } catch (Throwable t) {
            onFailure(t);
        }
    }

    private void leaderKill() throws Exception {
        SqlLoad load = new SqlLoad("a", this::uri, () -> List.copyOf(up), "kv", "events", 3, 700);
        load.start();
        try {
            load.awaitProgress(100, WAIT);
            String victim = awaitLeader(NODES, null);
            long oldTerm = cluster.metadata(victim).term();
            List<String> survivors = NODES.stream().filter(id -> !id.equals(victim)).toList();

            up.remove(victim);
            long killed = System.nanoTime();
            cluster.kill(victim);
            CompletableFuture<Long> newLeader = CompletableFuture.supplyAsync(() -> {
                try {
                    String leader = awaitLeader(survivors, victim);
                    long millis = sinceMillis(killed);
                    log("new leader %s (term %d, was %d) %d ms after the kill", leader, cluster.metadata(leader).term(), oldTerm, millis);
                    return millis;
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            DdlProbe ddl = probeDdl(survivors.get(0), "after_kill", WAIT);
            long leaderMillis = newLeader.get(2, TimeUnit.MINUTES);
            long ddlMillis = TimeUnit.NANOSECONDS.toMillis(ddl.succeededAt - killed);
            load.awaitProgress(100, WAIT);

            // 5. The client's consistency level reaches the replicas: ALL cannot be met with a node down.
            consistencyLevelsWithANodeDown(survivors);

            DdlProbe whileDownDdl = probeDdl(survivors.get(1), "while_down", WAIT);
            ok(sql(survivors.get(0), "INSERT INTO while_down VALUES (1, 'made while " + victim + " was down')", "QUORUM"), "insert");
            long restarting = System.nanoTime();
            cluster.restart(victim);
            long readyMillis = sinceMillis(restarting);
            long caughtUpMillis = awaitCaughtUp(victim, survivors);
            long rejoinMillis = sinceMillis(restarting);
            JsonHttp.Answer whileDown = sql(victim, "SELECT name FROM while_down WHERE id = 1", "QUORUM");
            assertEquals(200, whileDown.status(), "the table created while " + victim + " was down is queryable through it: " + whileDown);
            assertEquals(1, whileDown.body().path("rows").size(), whileDown.toString());
            for (String table : load.tables()) {
                ok(sql(victim, "SELECT count(*) FROM " + table, "QUORUM"), "the load's table " + table + " through " + victim);
            }
            up.add(victim);
            load.awaitProgress(100, WAIT);
            MetadataStatus after = cluster.metadata(victim);
            log("%s after its restart: %s", victim, describe(after));
            assertEquals(Set.copyOf(NODES), Set.copyOf(after.voters()), "the restarted node is a voter again: " + describe(after));

            load.close();
            long verifyStart = System.nanoTime();
            int verified = verifyAcknowledged(load.acked());
            Predicate<SqlLoad.Outcome> afterKill = o -> o.endNanos() >= killed;
            Stats survivorsData = load.stats(o -> DATA.contains(o.kind()) && !o.node().equals(victim));
            Stats survivorsDataAfterKill = load.stats(afterKill.and(o -> DATA.contains(o.kind()) && !o.node().equals(victim)));
            Stats toVictim = load.stats(afterKill.and(o -> o.node().equals(victim) && o.startNanos() < killed));
            Stats noPk = load.stats(afterKill.and(o -> o.kind() == Kind.INSERT_NO_PK && o.startNanos() < killed + TimeUnit.MILLISECONDS.toNanos(ddlMillis)));
            Stats ddlLoad = load.stats(afterKill.and(o -> o.kind() == Kind.DDL), 10);
            long ddlAgain = ddl.succeededAt;
            Stats ddlLater = load.stats(o -> o.kind() == Kind.DDL && o.startNanos() > ddlAgain, 10);
            log("load: %s", load.describe());
            summary.add(String.format("SUMMARY leader-kill: killed leader %s; new leader after %d ms, DDL again after %d ms "
                    + "(%d attempts through %s, failures: %s); survivors' INSERT/SELECT: %d ok, %d failed (after the kill: %s); "
                    + "in flight to %s at the kill: %s; INSERTs without a primary key from the kill until DDL worked again: %s; "
                    + "the load's DDL after the kill: %s, of which started after DDL worked again: %s; CREATE TABLE while_down "
                    + "with the node down: %d attempts (%s); restarted node ready after %d ms, caught up (catalog version) %d ms later, "
                    + "%d ms in all; %d acknowledged INSERTs read back at QUORUM (%d ms)",
                    victim, leaderMillis, ddlMillis, ddl.attempts, survivors.get(0), ddl.failures, survivorsData.ok(), survivorsData.failed(),
                    survivorsDataAfterKill, victim, toVictim, noPk, ddlLoad, ddlLater, whileDownDdl.attempts, whileDownDdl.failures, readyMillis, caughtUpMillis, rejoinMillis, verified,
                    sinceMillis(verifyStart)));
            log("%s", summary.get(summary.size() - 1));
            assertEquals(0, survivorsData.failed(), "INSERTs and SELECTs through the surviving nodes all succeed: " + survivorsData);
        } finally {
            load.close();
            up.clear();
            up.addAll(NODES);
        }
    }

    private void consistencyLevelsWithANodeDown(List<String> survivors) {
        String via = survivors.get(0);
        List<String> lines = new ArrayList<>();
        for (String level : List.of("ONE", "QUORUM", "ALL")) {
            String key = "consistency-" + level;
            long start = System.nanoTime();
            JsonHttp.Answer insert = sql(via, "INSERT INTO kv (k, v, w) VALUES ('" + key + "', 1, -1)", level);
            long insertMillis = sinceMillis(start);
            start = System.nanoTime();
            JsonHttp.Answer select = sql(via, "SELECT v FROM kv WHERE k = 'a-w0-1'", level);
            long selectMillis = sinceMillis(start);
            lines.add(level + ": INSERT " + insert.status() + " (" + insertMillis + " ms), SELECT " + select.status() + " ("
                    + selectMillis + " ms)");
            log("with a node down, %s through %s: INSERT %s; SELECT %s", level, via, insert, select);
            if (level.equals("ALL")) {
                assertEquals(503, insert.status(), "an INSERT at ALL with a replica down is refused: " + insert);
                assertEquals(503, select.status(), "a SELECT at ALL with a replica down is refused: " + select);
            } else {
                assertEquals(200, insert.status(), "an INSERT at " + level + " with one replica down succeeds: " + insert);
                assertEquals(200, select.status(), "a SELECT at " + level + " with one replica down succeeds: " + select);
            }
        }
        summary.add("SUMMARY consistency with one node killed, through " + via + ": " + String.join("; ", lines));
        log("%s", summary.get(summary.size() - 1));
    }

    // ---- 2. rolling restart

    @Test
    @Order(3)
    void rollingRestartUnderSqlLoad() throws Throwable {
        try {
            rollingRestart();
        } catch (Throwable t) {
            onFailure(t);
        }
    }

    private void rollingRestart() throws Exception {
        SqlLoad load = new SqlLoad("r", this::uri, () -> List.copyOf(up), "kv", null, 3, 1000);
        load.start();
        List<String> timings = new ArrayList<>();
        try {
            load.awaitProgress(50, WAIT);
            for (String id : NODES) {
                up.remove(id);
                long drained = System.nanoTime();
                load.awaitIdle(id, Duration.ofSeconds(60));
                long drainMillis = sinceMillis(drained);
                boolean wasLeader = "LEADER".equals(cluster.metadata(id).role());
                long stopMillis = cluster.terminate(id, Duration.ofSeconds(60));
                List<String> others = NODES.stream().filter(n -> !n.equals(id)).toList();
                long restarting = System.nanoTime();
                cluster.restart(id);
                long readyMillis = sinceMillis(restarting);
                long caughtUpMillis = awaitCaughtUp(id, others);
                up.add(id);
                timings.add(String.format("%s%s: drained %d ms, SIGTERM to exit %d ms, start to ready %d ms, then caught up %d ms",
                        id, wasLeader ? " (leader)" : "", drainMillis, stopMillis, readyMillis, caughtUpMillis));
                log("%s", timings.get(timings.size() - 1));
                load.awaitProgress(50, WAIT);
            }
            load.close();
            int verified = verifyAcknowledged(load.acked());
            Stats data = load.stats(o -> DATA.contains(o.kind()));
            Stats ddl = load.stats(o -> o.kind() == Kind.DDL, 10);
            log("load: %s", load.describe());
            summary.add(String.format("SUMMARY rolling-restart: INSERT/SELECT at QUORUM through the nodes up: %s; DDL: %s; "
                    + "%d acknowledged INSERTs read back; %s", data, ddl, verified, String.join("; ", timings)));
            log("%s", summary.get(summary.size() - 1));
            assertEquals(0, data.failed(), "no INSERT or SELECT through a node that stays up fails: " + data);
        } finally {
            load.close();
            up.clear();
            up.addAll(NODES);
        }
    }

    // ---- 3. minority partitions with SIGSTOP

    @Test
    @Order(4)
    void pausedLeaderPausedFollowerAndTwoPausedNodes() throws Throwable {
        try {
            minority();
            noQuorum();
        } catch (Throwable t) {
            onFailure(t);
        }
    }

    private void minority() throws Exception {
        SqlLoad load = new SqlLoad("p", this::uri, () -> List.copyOf(up), "kv", null, 3, 0);
        load.start();
        List<String> lines = new ArrayList<>();
        try {
            load.awaitProgress(50, WAIT);
            for (String which : List.of("leader", "follower")) {
                String leader = awaitLeader(NODES, null);
                String paused = which.equals("leader") ? leader : NODES.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
                List<String> majority = NODES.stream().filter(id -> !id.equals(paused)).toList();
                String via = which.equals("leader") ? majority.get(0) : majority.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
                up.remove(paused);
                load.awaitIdle(paused, Duration.ofSeconds(60));
                long pausedAt = System.nanoTime();
                cluster.pause(paused);
                DdlProbe ddl = probeDdl(via, "while_" + which + "_paused", WAIT);
                long ddlMillis = TimeUnit.NANOSECONDS.toMillis(ddl.succeededAt - pausedAt);
                String newLeader = awaitLeader(majority, which.equals("leader") ? paused : null);
                long leaderMillis = sinceMillis(pausedAt);
                load.awaitProgress(50, WAIT);
                long resumed = System.nanoTime();
                cluster.resume(paused);
                long caughtUpMillis = awaitCaughtUp(paused, majority);
                JsonHttp.Answer seen = sql(paused, "SELECT count(*) FROM while_" + which + "_paused", "QUORUM");
                assertEquals(200, seen.status(), "the table created while " + paused + " was paused is known to it after SIGCONT: " + seen);
                up.add(paused);
                lines.add(String.format("%s %s paused: DDL through %s after %d ms (%d attempts, last DDL took %d ms, failures: %s), "
                        + "leader %s seen after %d ms; after SIGCONT caught up in %d ms", which, paused, via, ddlMillis, ddl.attempts,
                        ddl.lastMillis, ddl.failures, newLeader, leaderMillis, sinceMillis(resumed)));
                log("%s (caught up %d ms)", lines.get(lines.size() - 1), caughtUpMillis);
            }
            load.close();
            int verified = verifyAcknowledged(load.acked());
            Stats data = load.stats(o -> DATA.contains(o.kind()));
            summary.add(String.format("SUMMARY minority-pause: %s; INSERT/SELECT through the majority: %s; %d acknowledged INSERTs read back",
                    String.join("; ", lines), data, verified));
            log("%s", summary.get(summary.size() - 1));
            assertEquals(0, data.failed(), "no INSERT or SELECT through the majority fails: " + data);
        } finally {
            load.close();
            up.clear();
            up.addAll(NODES);
        }
    }

    private void noQuorum() throws Exception {
        String alone = awaitLeader(NODES, null);
        List<String> paused = NODES.stream().filter(id -> !id.equals(alone)).toList();
        ok(sql(alone, "CREATE TABLE doomed (id INTEGER PRIMARY KEY)", "QUORUM"), "create doomed");
        for (String id : NODES) {
            ok(sql(id, "SELECT count(*) FROM doomed", "QUORUM"), "doomed through " + id);
        }
        for (String id : paused) {
            cluster.pause(id);
        }
        long pausedAt = System.nanoTime();
        List<String> refusedLines = new ArrayList<>();
        // A refusal that says nothing changed must leave nothing; one that says the outcome is unknown (the group
        // may still commit the change when it recovers) is reported with what happened.
        List<String> sureNothing = new ArrayList<>();
        String reason = null;
        List<String> failures = new ArrayList<>();
        for (String statement : List.of("CREATE TABLE refused_t (id INTEGER PRIMARY KEY)", "CREATE VIEW refused_v AS SELECT id FROM doomed",
                "DROP TABLE doomed")) {
            long start = System.nanoTime();
            JsonHttp.Answer answer = sql(alone, statement, "QUORUM");
            long millis = sinceMillis(start);
            log("with %s paused, %s through %s: %s (%d ms)", paused, statement, alone, answer, millis);
            if (reason == null) {
                reason = answer.body().path("message").asText(answer.toString());
            }
            refusedLines.add(statement + " -> " + answer.status() + " " + answer.body().path("sqlState").asText() + " in " + millis + " ms");
            // DROP TABLE first deletes the table's rows at QUORUM, which fails (503, not a SQL error) before the group is asked.
            boolean refusedAsExpected = statement.startsWith("DROP") ? answer.status() == 503
                    : answer.status() == 503 && "57P03".equals(answer.body().path("sqlState").asText());
            if (!refusedAsExpected) {
                failures.add(statement + " through " + alone + " with two nodes paused answers 503 57P03: " + answer);
            }
            if (answer.body().path("message").asText().contains("nothing was changed")) {
                sureNothing.add(statement.startsWith("CREATE TABLE") ? "refused_t" : statement.startsWith("CREATE VIEW") ? "refused_v" : "doomed");
            }
        }
        JsonHttp.Answer one = sql(alone, "SELECT v FROM kv WHERE k = 'a-w0-1'", "ONE");
        JsonHttp.Answer quorum = sql(alone, "SELECT v FROM kv WHERE k = 'a-w0-1'", "QUORUM");
        log("with two nodes paused, a point SELECT through %s at ONE: %s; at QUORUM: %s", alone, one, quorum);
        for (String id : paused) {
            cluster.resume(id);
        }
        long resumed = System.nanoTime();
        DdlProbe ddl = probeDdl(alone, "after_resume", WAIT);
        long ddlMillis = TimeUnit.NANOSECONDS.toMillis(ddl.succeededAt - resumed);
        for (String id : paused) {
            awaitCaughtUp(id, List.of(alone));
        }
        // Nothing of the refused statements took effect, on any node, also after the paused nodes came back.
        List<String> seen = new ArrayList<>();
        for (String id : NODES) {
            for (String table : List.of("refused_t", "refused_v")) {
                JsonHttp.Answer select = sql(id, "SELECT * FROM " + table, "QUORUM");
                seen.add(id + " " + table + " " + select.status() + " " + select.body().path("sqlState").asText(""));
                boolean absent = select.status() == 400 && "42P01".equals(select.body().path("sqlState").asText());
                if (!absent && sureNothing.contains(table)) {
                    failures.add("the refused " + table + " (\"nothing was changed\") does not exist on " + id
                            + " after the nodes came back: " + select);
                }
            }
            JsonHttp.Answer doomed = sql(id, "SELECT count(*) FROM doomed", "QUORUM");
            seen.add(id + " doomed " + doomed.status());
            if (doomed.status() != 200) {
                failures.add("the refused DROP TABLE doomed did not take effect on " + id + ": " + doomed);
            }
        }
        summary.add(String.format("SUMMARY no-quorum: %s alone (leader before), %s paused: %s; reason given: \"%s\"; point SELECT at ONE %d, "
                + "at QUORUM %d; after SIGCONT DDL again after %d ms (%d attempts); afterwards: %s; %d ms in all",
                alone, paused, String.join("; ", refusedLines), reason, one.status(), quorum.status(), ddlMillis, ddl.attempts,
                String.join(", ", seen), sinceMillis(pausedAt)));
        log("%s", summary.get(summary.size() - 1));
        if (!failures.isEmpty()) {
            fail(String.join("\n", failures));
        }
    }

    // ---- helpers

    private String uri(String id) {
        return cluster.node(id).baseUri();
    }

    private JsonHttp.Answer sql(String id, String statement, String consistency) {
        return http.post(uri(id) + "/sql", Map.of("sql", statement, "timeoutMs", 30_000), JsonHttp.CONSISTENCY, consistency);
    }

    private static void ok(JsonHttp.Answer answer, String what) {
        if (!answer.ok()) {
            throw new AssertionError(what + ": " + answer);
        }
    }

    private static long sinceMillis(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    private static String describe(MetadataStatus s) {
        return s.node() + " " + (s.running() ? s.role() + " leader " + s.leader() + " term " + s.term() + " voters " + s.voters()
                + " listeners " + s.listeners() + " applied " + s.appliedIndex() + " catalog " + s.catalogVersion()
                : "not running: " + s.waitingFor());
    }

    /** A node of {@code among} that reports itself LEADER, other than {@code not}; waits for one. */
    private String awaitLeader(Collection<String> among, String not) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<String> last = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            last.clear();
            for (String id : among) {
                try {
                    MetadataStatus s = cluster.metadata(id);
                    last.add(describe(s));
                    if (s.running() && "LEADER".equals(s.role()) && !id.equals(not)) {
                        return id;
                    }
                } catch (AdminException e) {
                    last.add(id + ": " + e.getMessage());
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no node of " + among + " reported itself the metadata group's leader within " + WAIT + ": " + last);
    }

    /**
     * Waits until {@code id}'s metadata member runs and has reached the catalog version the others report;
     * returns how long that took.
     */
    private long awaitCaughtUp(String id, Collection<String> others) throws InterruptedException {
        long start = System.nanoTime();
        long target = 0;
        for (String other : others) {
            target = Math.max(target, cluster.metadata(other).catalogVersion());
        }
        long deadline = start + WAIT.toNanos();
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                MetadataStatus s = cluster.metadata(id);
                last = describe(s);
                if (s.running() && s.catalogVersion() >= target && s.leader() != null) {
                    long millis = sinceMillis(start);
                    log("%s caught up with catalog version %d in %d ms: %s", id, target, millis, last);
                    return millis;
                }
            } catch (AdminException e) {
                last = e.getMessage();
            }
            Thread.sleep(50);
        }
        throw new AssertionError(id + " did not reach catalog version " + target + " within " + WAIT + ": " + last);
    }

    /** The outcome of sending one DDL statement again and again until it succeeds. */
    private record DdlProbe(long succeededAt, int attempts, long lastMillis, List<String> failures) {
    }

    /**
     * Sends {@code CREATE TABLE <name>} through {@code via} until it succeeds (or answers that the table exists:
     * an earlier attempt that answered 503 was committed after all, which is reported).
     */
    private DdlProbe probeDdl(String via, String name, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> failures = new ArrayList<>();
        int attempts = 0;
        while (System.nanoTime() < deadline) {
            attempts++;
            long start = System.nanoTime();
            JsonHttp.Answer answer = sql(via, "CREATE TABLE " + name + " (id INTEGER PRIMARY KEY, name TEXT)", "QUORUM");
            long end = System.nanoTime();
            if (answer.ok()) {
                return new DdlProbe(end, attempts, TimeUnit.NANOSECONDS.toMillis(end - start), failures);
            }
            String entry = answer.status() + " " + answer.body().path("sqlState").asText("") + " after "
                    + TimeUnit.NANOSECONDS.toMillis(end - start) + " ms";
            failures.add(entry);
            log("CREATE TABLE %s through %s: %s", name, via, answer);
            if ("42P07".equals(answer.body().path("sqlState").asText())) {
                failures.add("(an attempt that failed was applied after all)");
                return new DdlProbe(end, attempts, TimeUnit.NANOSECONDS.toMillis(end - start), failures);
            }
            Thread.sleep(50);
        }
        throw new AssertionError("CREATE TABLE " + name + " through " + via + " did not succeed within " + timeout + ": " + failures);
    }

    /** Reads every acknowledged key back by key at QUORUM through random nodes; returns how many. */
    private int verifyAcknowledged(Set<String> keys) {
        List<String> sorted = new ArrayList<>(new TreeSet<>(keys));
        List<String> missing = new ArrayList<>();
        for (int i = 0; i < sorted.size(); i += 50) {
            List<String> batch = sorted.subList(i, Math.min(sorted.size(), i + 50));
            String node = NODES.get(random.nextInt(NODES.size()));
            String in = batch.stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "));
            JsonHttp.Answer answer = sql(node, "SELECT k FROM kv WHERE k IN (" + in + ")", "QUORUM");
            assertEquals(200, answer.status(), "reading acknowledged keys through " + node + ": " + answer);
            Set<String> found = new TreeSet<>();
            for (JsonNode row : answer.body().path("rows")) {
                found.add(row.get(0).asText());
            }
            for (String k : batch) {
                if (!found.contains(k)) {
                    missing.add(k);
                }
            }
        }
        assertTrue(missing.isEmpty(), missing.size() + " of " + sorted.size() + " acknowledged INSERTs are not readable: "
                + missing.subList(0, Math.min(20, missing.size())));
        log("all %d acknowledged INSERTs read back at QUORUM", sorted.size());
        return sorted.size();
    }
}
