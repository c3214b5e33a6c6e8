package io.distdb.sql.copy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.distdb.sql.Session;
import io.distdb.sql.SqlEngine;
import io.distdb.sql.errors.SqlException;
import io.distdb.sql.runtime.SqlSettings;
import io.distdb.sql.storage.DocumentSource;
import io.distdb.sql.storage.KeyClaims;
import io.distdb.storage.Durability;
import io.distdb.storage.KvStore;
import io.distdb.storage.lsm.LsmOptions;
import io.distdb.storage.lsm.LsmStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * COPY FROM on an engine configured as one of a cluster's (key claims, no write permit), as
 * {@code ClaimedWritesTest} builds it: uniqueness is decided by the claims, so a COPY whose keys are
 * already taken is refused and gives back the claims it made.
 */
class CopyTestClaimedWritesTest {

    @TempDir
    Path dir;

    private KvStore store;
    private SqlEngine engine;
    private Session session;
    private final AtomicInteger claimCalls = new AtomicInteger();

    @BeforeEach
    void open() {
        store = LsmStore.open(dir, LsmOptions.builder().durability(Durability.NONE).build());
        KeyClaims claims = new KeyClaims() {
            @Override
            public synchronized Outcome compareAndSet(byte[] key, Predicate<byte[]> accept, byte[] value) {
                claimCalls.incrementAndGet();
                byte[] current = store.get(key);
                if (!accept.test(current)) {
                    return new Outcome(false, current);
                }
                if (value == null) {
                    store.delete(key);
                } else {
                    store.put(key, value);
                }
                return new Outcome(true, null);
            }
        };
        engine = new SqlEngine(store, new ObjectMapper(), new SqlEngine.Options(SqlSettings.defaults(), DocumentSource.none(),
                null, null, true, null, null, claims));
        engine.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, u TEXT UNIQUE, v INTEGER)");
        session = engine.openSession();
    }

    @AfterEach
    void close() {
        session.close();
        store.close();
    }

    private long count() {
        return (Long) engine.execute("SELECT count(*) FROM t").rows().get(0)[0];
    }

    private long load(String data) {
        return CopyTestSessionTest.load(session, "COPY t FROM STDIN WITH (FORMAT csv)", data, 7);
    }

    @Test
    void duplicateKeysAreRefusedByTheClaims() {
        assertEquals(2, load("1,a,10\n2,b,20\n"));
        int before = claimCalls.get();
        SqlException pk = assertThrows(SqlException.class, () -> load("3,c,30\n1,dup,40\n4,d,50\n"));
        assertEquals("23505", pk.sqlState(), pk.getMessage());
        assertTrue(claimCalls.get() > before, "decided by claims");
        SqlException unique = assertThrows(SqlException.class, () -> load("5,e,1\n6,a,2\n"));
        assertEquals("23505", unique.sqlState(), unique.getMessage());
        SqlException within = assertThrows(SqlException.class, () -> load("7,f,1\n7,g,2\n"));
        assertEquals("23505", within.sqlState(), within.getMessage());
        assertEquals(2, count(), "nothing of the failed COPYs was written");
        // The failed COPYs gave back what they had claimed: the same keys and values load now.
        assertEquals(5, load("3,c,30\n4,d,50\n5,e,1\n6,f,2\n7,g,3\n"));
        assertEquals(List.of("1|a", "2|b", "3|c", "4|d", "5|e", "6|f", "7|g"), engine.execute("SELECT id, u FROM t ORDER BY id")
                .rows().stream().map(r -> r[0] + "|" + r[1]).toList());
    }

    @Test
    void noCopyInsideATransactionBlockOnACluster() {
        session.execute("BEGIN", List.of(), null, 0);
        SqlException e = assertThrows(SqlException.class,
                () -> session.copyIn(CopyTest.copy("COPY t FROM STDIN"), null));
        assertEquals("0A000", e.sqlState());
        session.execute("ROLLBACK", List.of(), null, 0);
        assertEquals("", CopyTestSessionTest.export(session, "COPY t TO STDOUT"));
    }
}
