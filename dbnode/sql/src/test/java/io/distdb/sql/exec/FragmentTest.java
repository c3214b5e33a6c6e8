package io.distdb.sql.exec;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.ast.Statement;
import io.distdb.sql.bind.Binder;
import io.distdb.sql.catalog.TableDef;
import io.distdb.sql.catalog.TableLookup;
import io.distdb.sql.codec.Keys;
import io.distdb.sql.codec.RowCodec;
import io.distdb.sql.optimize.Optimizer;
import io.distdb.sql.parser.SqlParser;
import io.distdb.sql.plan.LogicalPlan;
import io.distdb.sql.runtime.QueryContext;
import io.distdb.sql.runtime.StatementControl;
import io.distdb.storage.Durability;
import io.distdb.storage.KeyValue;
import io.distdb.storage.KvIterator;
import io.distdb.storage.ScanRange;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan fragments replicas run: what a replica keeps of a table after decoding a scan fragment is exactly
 * what the coordinator's own conditions keep, for every kind of expression a fragment carries; aggregate
 * fragments folded in pieces and merged give the single-node answer; and a fragment of another version or
 * format is refused with a message that says so.
 */
class FragmentTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    LsmStore store;
    SqlEngine engine;

    @BeforeEach
    void open() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        engine = SqlEngine.standalone(store, SqlSettings.defaults());
        engine.execute("CREATE TABLE t (id int PRIMARY KEY, n int, d numeric, s text, b boolean, j jsonb, day date, x double precision)");
        StringBuilder rows = new StringBuilder();
        for (int i = 0; i < 60; i++) {
            rows.append(i == 0 ? "" : ", ").append("(").append(i).append(", ").append(i % 7 == 0 ? "NULL" : String.valueOf(i % 11))
                    .append(", ").append(i % 5 == 0 ? "NULL" : (i * 1.25) + "").append(", '").append(i % 3 == 0 ? "abc" : "x" + i).append("'")
                    .append(", ").append(i % 4 == 0 ? "NULL" : i % 2 == 0 ? "true" : "false")
                    .append(", '{\"k\": ").append(i % 6).append(", \"a\": [1, 2]}'")
                    .append(", DATE '2024-01-01' + ").append(i).append(", ").append(i / 3.0).append(")");
        }
        engine.execute("INSERT INTO t VALUES " + rows);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aReplicaKeepsExactlyTheRowsTheCoordinatorsConditionsKeep() {
        String[] conditions = {
                "n = 3", "n <> 3 AND s LIKE 'x1%'", "n IN (1, 2, NULL) OR b IS NULL", "NOT (n BETWEEN 2 AND 5)",
                "d * 2 > 30.5 AND d IS NOT NULL", "coalesce(n, -1) < 0", "CASE WHEN n > 5 THEN 'big' ELSE s END = 'big'",
                "CASE n WHEN 1 THEN true WHEN 2 THEN false END", "j->>'k' = '2'", "(j->'a'->>1)::int = 2",
                "upper(s) = 'ABC' AND length(s) = 3", "day >= DATE '2024-02-01'", "b IS NOT TRUE", "n IS DISTINCT FROM 4",
                "x::numeric(10,2) > 5.5", "-n + 1 < -3", "s ILIKE 'X2%'", "n % 3 = 1 OR s || 'z' = 'abcz'", "id = $1 OR n = $2"};
        for (String condition : conditions) {
            String sql = "SELECT id FROM t WHERE " + condition;
            LogicalPlan.Scan scan = scanOf(sql);
            QueryContext ctx = context(new Object[] {7L, 9L});
            ScanFragment sent = ScanFragment.forScan(scan, ctx, JSON);
            assertNotNull(sent, "a fragment for " + condition);
            ScanFragment received = ScanFragment.read(sent.bytes(), JSON);
            List<Long> kept = new ArrayList<>();
            RowCodec codec = new RowCodec(JSON);
            try (KvIterator it = store.scan(ScanRange.prefix(Keys.tablePrefix(scan.table().id())))) {
                while (it.hasNext()) {
                    KeyValue kv = it.next();
                    byte[] shaped = received.shape(kv.value(), codec);
                    if (shaped != null) {
                        kept.add((Long) new TableRows(codec).decode(scan.table(), shaped)[0]);
                    }
                }
            }
            List<Long> expected = new ArrayList<>();
            engine.execute(sql, condition.contains("$") ? List.of(7, 9) : List.of()).rows().forEach(r -> expected.add((Long) r[0]));
            kept.sort(null);
            expected.sort(null);
            assertEquals(expected, kept, condition);
        }
    }

    @Test
    void replicasSendOnlyTheColumnsAQueryReads() {
        LogicalPlan.Scan scan = scanOf("SELECT id, s FROM t WHERE n > 3");
        ScanFragment received = ScanFragment.read(ScanFragment.forScan(scan, context(new Object[0]), JSON).bytes(), JSON);
        RowCodec codec = new RowCodec(JSON);
        try (KvIterator it = store.scan(ScanRange.prefix(Keys.tablePrefix(scan.table().id())))) {
            while (it.hasNext()) {
                byte[] shaped = received.shape(it.next().value(), codec);
                if (shaped != null) {
                    Object[] row = new TableRows(codec).decode(scan.table(), shaped);
                    assertNotNull(row[0]);
                    assertNotNull(row[1], "n is read by the condition");
                    assertTrue(row[2] == null && row[4] == null && row[5] == null && row[6] == null && row[7] == null,
                            "columns no one reads are left out: " + Arrays.toString(row));
                }
            }
        }
    }

    @Test
    void foldedPiecesMergeToTheSingleNodeAnswer() {
        String sql = "SELECT n, count(*), count(d), sum(n), sum(d), avg(d), avg(x), min(s), max(day), bool_and(b) FROM t "
                + "WHERE id > 3 GROUP BY n";
        LogicalPlan.Aggregate aggregate = aggregateOf(sql);
        assertTrue(AggregateFragment.foldable(aggregate));
        QueryContext ctx = context(new Object[0]);
        AggregateFragment received = AggregateFragment.read(AggregateFragment.forAggregate(aggregate, ctx, JSON).bytes(), JSON);
        RowCodec codec = new RowCodec(JSON);
        // Three "replicas", each folding every third row.
        List<AggregateFragment.Partial> parts = List.of(received.start(codec), received.start(codec), received.start(codec));
        int i = 0;
        try (KvIterator it = store.scan(ScanRange.prefix(Keys.tablePrefix(((LogicalPlan.Scan) aggregate.input()).table().id())))) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                parts.get(i++ % 3).add(kv.key(), kv.value());
            }
        }
        List<byte[]> partials = parts.stream().map(AggregateFragment.Partial::finish).toList();
        // Double precision sums are added in another order when folded, so they may differ in the last digits
        // (docs/sql.md says so); every other value is exact.
        List<String> merged = received.merge(partials, ctx).stream().map(FragmentTest::rounded).toList();
        List<String> single = engine.execute(sql).rows().stream().map(FragmentTest::rounded).toList();
        assertEquals(single, merged);
    }

    @Test
    void aFragmentOfAnotherVersionOrFormatIsRefusedClearly() {
        byte[] fragment = ScanFragment.forScan(scanOf("SELECT id FROM t WHERE n = 1"), context(new Object[0]), JSON).bytes();
        fragment[4] = 2;
        IllegalArgumentException newer = assertThrows(IllegalArgumentException.class, () -> ScanFragment.read(fragment, JSON));
        assertTrue(newer.getMessage().contains("version 2") && newer.getMessage().contains("version 1"), newer.getMessage());
        byte[] oldJson = "{\"sql\":\"SELECT id FROM t WHERE n = 1\",\"params\":[]}".getBytes(StandardCharsets.UTF_8);
        IllegalArgumentException older = assertThrows(IllegalArgumentException.class, () -> ScanFragment.read(oldJson, JSON));
        assertTrue(older.getMessage().contains("not a SQL scan fragment"), older.getMessage());
        assertThrows(IllegalArgumentException.class, () -> AggregateFragment.read(oldJson, JSON));
    }

    private static String rounded(Object[] row) {
        Object[] out = row.clone();
        for (int i = 0; i < out.length; i++) {
            if (out[i] instanceof Double d) {
                out[i] = String.format("%.10g", d);
            }
        }
        return Arrays.toString(out);
    }

    private LogicalPlan.Scan scanOf(String sql) {
        LogicalPlan p = plan(sql);
        while (!(p instanceof LogicalPlan.Scan)) {
            p = p.inputs().get(0);
        }
        return (LogicalPlan.Scan) p;
    }

    private LogicalPlan.Aggregate aggregateOf(String sql) {
        LogicalPlan p = plan(sql);
        while (!(p instanceof LogicalPlan.Aggregate)) {
            p = p.inputs().get(0);
        }
        return (LogicalPlan.Aggregate) p;
    }

    private LogicalPlan plan(String sql) {
        TableLookup lookup = new TableLookup() {
            @Override
            public TableDef table(String schema, String name) {
                return engine.catalog().table(name);
            }
        };
        SqlParser parser = new SqlParser();
        Statement.QueryStatement q = (Statement.QueryStatement) parser.parseOne(sql);
        Binder binder = new Binder(lookup, text -> ((Statement.QueryStatement) parser.parseOne(text)).query());
        return new Optimizer().optimizeQuery(binder.bind(q.query()).plan());
    }

    private static QueryContext context(Object[] params) {
        return new QueryContext(params, Long.MAX_VALUE, 0, StatementControl.none());
    }
}
