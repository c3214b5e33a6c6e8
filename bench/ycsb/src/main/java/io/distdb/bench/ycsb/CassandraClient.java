package io.distdb.bench.ycsb;

import com.datastax.oss.driver.api.core.ConsistencyLevel;
import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.DefaultConsistencyLevel;
import com.datastax.oss.driver.api.core.config.DefaultDriverOption;
import com.datastax.oss.driver.api.core.config.DriverConfigLoader;
import com.datastax.oss.driver.api.core.cql.ColumnDefinition;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.Vector;
import java.util.concurrent.ConcurrentHashMap;

/**
 * YCSB binding for Apache Cassandra on its Java driver: one row per record in
 * {@code usertable (y_id text PRIMARY KEY, field0 text, ..., field9 text)}, every statement prepared once and
 * bound per operation, at the consistency level {@code cassandra.consistency} (ONE for one node, QUORUM for a
 * cluster with replication factor 3). Scans are token-range scans, {@code WHERE token(y_id) >= token(?) LIMIT ?},
 * as YCSB's own Cassandra binding does them: they follow the partitioner's order, not the keys'.
 *
 * <p>One {@link CqlSession} serves every client thread of the JVM, as the driver intends (it pools connections
 * per node and routes each statement to a replica of its key). It is opened when the first phase creates the
 * binding's instances, before its clock starts, serves every phase of the client JVM, and is closed when that JVM
 * exits after the last phase, so that neither counts in a phase's time.
 *
 * <p>Properties: {@code cassandra.hosts} (default 127.0.0.1, comma-separated), {@code cassandra.port} (9042),
 * {@code cassandra.keyspace} ({@code ycsb}), {@code cassandra.consistency} (ONE),
 * {@code cassandra.local-dc} ({@code datacenter1}).
 */
public class CassandraClient extends DB {

    /** The session of this JVM and its prepared statements; created by the first instance. */
    private static volatile Shared shared;

    private Shared session;
    /** Whether this JVM has shown an operation's exception yet: the first one only, to say why ops fail. */
    private static final java.util.concurrent.atomic.AtomicBoolean ERROR_SHOWN =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * YCSB sets the properties of every instance right after creating it, before its clock starts: the session
     * is opened here. A failure is reported by {@link #init} instead, which YCSB lets throw.
     */
    @Override
    public void setProperties(Properties p) {
        super.setProperties(p);
        try {
            shared(p);
        } catch (RuntimeException reportedByInit) {
            // init() tries again and fails the thread with the cause
        }
    }

    @Override
    public void init() throws DBException {
        try {
            session = shared(getProperties());
        } catch (RuntimeException e) {
            throw new DBException("cannot open a CQL session to " + getProperties().getProperty("cassandra.hosts"), e);
        }
    }

    private static Shared shared(Properties p) {
        Shared s = shared;
        if (s == null) {
            synchronized (CassandraClient.class) {
                s = shared;
                if (s == null) {
                    s = new Shared(p);
                    Runtime.getRuntime().addShutdownHook(new Thread(s.session::close, "cql-session-close"));
                    shared = s;
                }
            }
        }
        return s;
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            Row row = session.session.execute(session.read(table, fields).bind(key)).one();
            if (row == null) {
                return Status.NOT_FOUND;
            }
            copy(row, result);
            return Status.OK;
        } catch (RuntimeException e) {
            return failed("read", e);
        }
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        try {
            ResultSet rows = session.session.execute(session.scan(table, fields).bind(startkey, recordcount));
            for (Row row : rows) {
                HashMap<String, ByteIterator> values = new HashMap<>();
                copy(row, values);
                result.add(values);
            }
            return Status.OK;
        } catch (RuntimeException e) {
            return failed("scan", e);
        }
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        return write(session.update(table, values.keySet()), key, values, true);
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        return write(session.insert(table, values.keySet()), key, values, false);
    }

    @Override
    public Status delete(String table, String key) {
        try {
            session.session.execute(session.delete(table).bind(key));
            return Status.OK;
        } catch (RuntimeException e) {
            return failed("delete", e);
        }
    }

    /** Binds the values in the sorted order of their names, then the key: last for an update, first for an insert. */
    private Status write(PreparedStatement statement, String key, Map<String, ByteIterator> values, boolean keyLast) {
        try {
            List<Object> bound = new ArrayList<>(values.size() + 1);
            if (!keyLast) {
                bound.add(key);
            }
            for (String field : new TreeSet<>(values.keySet())) {
                bound.add(values.get(field).toString());
            }
            if (keyLast) {
                bound.add(key);
            }
            session.session.execute(statement.bind(bound.toArray()));
            return Status.OK;
        } catch (RuntimeException e) {
            return failed(keyLast ? "update" : "insert", e);
        }
    }

    private static Status failed(String operation, RuntimeException e) {
        if (ERROR_SHOWN.compareAndSet(false, true)) {
            System.err.println("Cassandra binding: first failed " + operation + " of this client: " + e);
        }
        return Status.ERROR;
    }

    private static void copy(Row row, Map<String, ByteIterator> result) {
        for (ColumnDefinition column : row.getColumnDefinitions()) {
            String name = column.getName().asInternal();
            if (!name.equals("y_id")) {
                String value = row.getString(name);
                if (value != null) {
                    result.put(name, new StringByteIterator(value));
                }
            }
        }
    }

    /** The session and the statements prepared on it, one per table, kind and set of fields. */
    static final class Shared {
        final CqlSession session;
        private final Map<String, PreparedStatement> prepared = new ConcurrentHashMap<>();

        Shared(Properties p) {
            int port = Integer.parseInt(p.getProperty("cassandra.port", "9042"));
            ConsistencyLevel level = DefaultConsistencyLevel.valueOf(p.getProperty("cassandra.consistency", "ONE"));
            DriverConfigLoader config = DriverConfigLoader.programmaticBuilder()
                    .withString(DefaultDriverOption.REQUEST_CONSISTENCY, level.name())
                    // Two shared cores can stall a server for longer than the default 2 s; an error then would
                    // measure the machine rather than the database.
                    .withDuration(DefaultDriverOption.REQUEST_TIMEOUT, Duration.ofSeconds(10))
                    .build();
            var builder = CqlSession.builder().withConfigLoader(config)
                    .withLocalDatacenter(p.getProperty("cassandra.local-dc", CassandraNodes.DATACENTER))
                    .withKeyspace(p.getProperty("cassandra.keyspace", CassandraNodes.KEYSPACE));
            for (String host : p.getProperty("cassandra.hosts", "127.0.0.1").split(",")) {
                builder.addContactPoint(new InetSocketAddress(host.strip(), port));
            }
            session = builder.build();
        }

        PreparedStatement read(String table, Set<String> fields) {
            return prepare("read", table, fields, () -> CqlStatements.read(table, fields));
        }

        PreparedStatement scan(String table, Set<String> fields) {
            return prepare("scan", table, fields, () -> CqlStatements.scan(table, fields));
        }

        PreparedStatement update(String table, Set<String> fields) {
            return prepare("update", table, fields, () -> CqlStatements.update(table, fields));
        }

        PreparedStatement insert(String table, Set<String> fields) {
            return prepare("insert", table, fields, () -> CqlStatements.insert(table, fields));
        }

        PreparedStatement delete(String table) {
            return prepare("delete", table, null, () -> CqlStatements.delete(table));
        }

        private PreparedStatement prepare(String kind, String table, Set<String> fields,
                java.util.function.Supplier<String> cql) {
            String key = kind + ' ' + table + ' ' + (fields == null ? "*" : new TreeSet<>(fields));
            PreparedStatement statement = prepared.get(key);
            return statement != null ? statement : prepared.computeIfAbsent(key, k -> session.prepare(cql.get()));
        }

    }
}
