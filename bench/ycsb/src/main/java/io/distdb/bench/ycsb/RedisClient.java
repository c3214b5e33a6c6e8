package io.distdb.bench.ycsb;

import redis.clients.jedis.Jedis;
import redis.clients.jedis.Pipeline;
import redis.clients.jedis.Response;
import site.ycsb.ByteIterator;
import site.ycsb.DB;
import site.ycsb.DBException;
import site.ycsb.Status;
import site.ycsb.StringByteIterator;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.Vector;

/**
 * YCSB binding for Redis on Jedis: one hash per record (key = YCSB key, as YCSB's own Redis binding),
 * and per table one sorted set with every key at score 0, so that {@code ZRANGEBYLEX} lists keys in
 * byte order for scans. Inserts and deletes send the hash and the index command in one pipeline.
 *
 * <p>Properties {@code redis.host} (default 127.0.0.1) and {@code redis.port} (default 6379). YCSB
 * creates one instance per client thread, each with its own connection.
 */
public class RedisClient extends DB {

    private Jedis jedis;

    @Override
    public void init() throws DBException {
        String host = getProperties().getProperty("redis.host", "127.0.0.1");
        int port = Integer.parseInt(getProperties().getProperty("redis.port", "6379"));
        try {
            jedis = new Jedis(host, port);
            jedis.ping();
        } catch (RuntimeException e) {
            throw new DBException("cannot reach Redis at " + host + ":" + port, e);
        }
    }

    @Override
    public void cleanup() {
        if (jedis != null) {
            jedis.close();
        }
    }

    @Override
    public Status read(String table, String key, Set<String> fields, Map<String, ByteIterator> result) {
        try {
            if (fields == null) {
                Map<String, String> all = jedis.hgetAll(key);
                if (all.isEmpty()) {
                    return Status.NOT_FOUND;
                }
                StringByteIterator.putAllAsByteIterators(result, all);
            } else {
                String[] names = fields.toArray(new String[0]);
                List<String> values = jedis.hmget(key, names);
                for (int i = 0; i < names.length; i++) {
                    if (values.get(i) != null) {
                        result.put(names[i], new StringByteIterator(values.get(i)));
                    }
                }
                if (result.isEmpty()) {
                    return Status.NOT_FOUND;
                }
            }
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status scan(String table, String startkey, int recordcount, Set<String> fields,
            Vector<HashMap<String, ByteIterator>> result) {
        try {
            List<String> keys = jedis.zrangeByLex(index(table), "[" + startkey, "+", 0, recordcount);
            Pipeline pipeline = jedis.pipelined();
            String[] names = fields == null ? null : fields.toArray(new String[0]);
            List<Response<?>> rows = new ArrayList<>(keys.size());
            for (String key : keys) {
                rows.add(names == null ? pipeline.hgetAll(key) : pipeline.hmget(key, names));
            }
            pipeline.sync();
            for (Response<?> row : rows) {
                HashMap<String, ByteIterator> values = new HashMap<>();
                if (names == null) {
                    @SuppressWarnings("unchecked")
                    Map<String, String> all = (Map<String, String>) row.get();
                    StringByteIterator.putAllAsByteIterators(values, all);
                } else {
                    @SuppressWarnings("unchecked")
                    List<String> some = (List<String>) row.get();
                    for (int i = 0; i < names.length; i++) {
                        values.put(names[i], new StringByteIterator(some.get(i)));
                    }
                }
                result.add(values);
            }
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status update(String table, String key, Map<String, ByteIterator> values) {
        try {
            jedis.hset(key, StringByteIterator.getStringMap(values));
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status insert(String table, String key, Map<String, ByteIterator> values) {
        try {
            Pipeline pipeline = jedis.pipelined();
            pipeline.hset(key, StringByteIterator.getStringMap(values));
            pipeline.zadd(index(table), 0, key);
            pipeline.sync();
            return Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    @Override
    public Status delete(String table, String key) {
        try {
            Pipeline pipeline = jedis.pipelined();
            Response<Long> deleted = pipeline.del(key);
            pipeline.zrem(index(table), key);
            pipeline.sync();
            return deleted.get() == 0 ? Status.NOT_FOUND : Status.OK;
        } catch (RuntimeException e) {
            return Status.ERROR;
        }
    }

    private static String index(String table) {
        return "_keys:" + table;
    }
}
