package io.distdb.bench.ycsb;

import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.Status;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.Vector;

/**
 * A binding instance as {@code site.ycsb.ClientThread} sees it: every operation goes to {@code db}, but
 * {@link #init} and {@link #cleanup} do nothing. YCSB's client thread calls both itself, inside the phase's
 * timed window: connecting and closing connections would count in the phase's time. The phase calls
 * {@code db}'s own init before its clock starts and its cleanup after the clock stops.
 */
final class DeferredLifecycleDb extends DB {

    private final DB db;

    DeferredLifecycleDb(DB db) {
        this.db = db;
    }

    @Override
    public void setProperties(Properties p) {
        db.setProperties(p);
    }

    @Override
    public Properties getProperties() {
        return db.getProperties();
    }

    @Override
    public void init() {
        // done before the clock starts
    }

    @Override
    public void cleanup() {
        // done after the clock stops
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        return db.read(table, key, fields, result);
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        return db.scan(table, startkey, recordcount, fields, result);
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        return db.update(table, key, values);
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        return db.insert(table, key, values);
    }

    @Override
    public Status delete(String table, String key) {
        return db.delete(table, key);
    }
}
