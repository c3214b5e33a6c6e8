package io.distdb.server.sql.codec;

import io.distdb.server.sql.catalog.IndexDef;
import io.distdb.server.store.Namespace;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Where SQL data lives in the node's store.
 * <ul>
 * <li>SQL_CATALOG {@code "table" <name>} → table definition JSON; {@code "next_id"} → 8-byte counter for
 * table and index ids; {@code "rowid" <table id>} → 8-byte next generated row id.</li>
 * <li>SQL_ROWS {@code <table id, 4 bytes big-endian><primary key tuple>} → row ({@link RowCodec}).</li>
 * <li>SQL_INDEXES {@code <index id, 4 bytes>[<hash, 4 bytes> for HASH]<value tuple><primary key tuple>} → empty.</li>
 * </ul>
 */
public final class Keys {

    private Keys() {
    }

    public static byte[] tableCatalogKey(String name) {
        return Namespace.SQL_CATALOG.key().component("table").raw(name).build();
    }

    public static byte[] tableCatalogPrefix() {
        return Namespace.SQL_CATALOG.key().component("table").build();
    }

    public static byte[] nextIdKey() {
        return Namespace.SQL_CATALOG.key().component("next_id").build();
    }

    public static byte[] rowIdKey(int tableId) {
        return Namespace.SQL_CATALOG.key().component("rowid").raw(int4(tableId)).build();
    }

    public static byte[] tablePrefix(int tableId) {
        return concat(Namespace.SQL_ROWS.prefix(), int4(tableId));
    }

    public static byte[] rowKey(int tableId, byte[] primaryKeyTuple) {
        return concat(tablePrefix(tableId), primaryKeyTuple);
    }

    public static byte[] indexPrefix(int indexId) {
        return concat(Namespace.SQL_INDEXES.prefix(), int4(indexId));
    }

    /** The part of an index key before the primary key: an equality lookup scans this prefix. */
    public static byte[] indexValuesPrefix(IndexDef index, List<Object> values) {
        byte[] tuple = TupleCodec.encode(values);
        if (index.kind() == IndexDef.Kind.HASH) {
            return concat(indexPrefix(index.id()), int4(hash(tuple)), tuple);
        }
        return concat(indexPrefix(index.id()), tuple);
    }

    public static byte[] indexKey(IndexDef index, List<Object> values, byte[] primaryKeyTuple) {
        return concat(indexValuesPrefix(index, values), primaryKeyTuple);
    }

    /** The primary key tuple at the end of an index key. */
    public static byte[] primaryKeyOfIndexKey(IndexDef index, byte[] indexKey) {
        int pos = 1 + 4 + (index.kind() == IndexDef.Kind.HASH ? 4 : 0);
        for (int i = 0; i < index.columns().size(); i++) {
            pos = TupleCodec.skip(indexKey, pos);
        }
        return Arrays.copyOfRange(indexKey, pos, indexKey.length);
    }

    /** FNV-1a over the value tuple; persisted in keys, so it must never change. */
    static int hash(byte[] bytes) {
        int h = 0x811C9DC5;
        for (byte b : bytes) {
            h ^= b & 0xFF;
            h *= 0x01000193;
        }
        return h;
    }

    public static byte[] int4(int v) {
        return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
    }

    public static byte[] long8(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    public static long readLong8(byte[] b) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[i] & 0xFF);
        }
        return v;
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static String utf8(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
