package io.distdb.sql.codec;

import io.distdb.sql.catalog.IndexDef;

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
 * <li>SQL_CLAIMS {@code <unique index id, 4 bytes><value tuple>} → the primary key tuple of the row that holds
 * those values: on a cluster, the key two writers of the same values compete for (see {@code KeyClaims}).</li>
 * </ul>
 */
public final class Keys {

    /**
     * The first byte of every SQL key: the node store's namespaces SQL_CATALOG, SQL_ROWS, SQL_INDEXES and
     * SQL_CLAIMS ({@code io.distdb.server.store.Namespace} names the same bytes for the rest of the node).
     */
    public static final byte CATALOG = 0x50;
    public static final byte ROWS = 0x51;
    public static final byte INDEXES = 0x52;
    public static final byte CLAIMS = 0x53;

    /** A catalog key component: the name's bytes (names never hold a zero byte), then 0x00 0x01. */
    private static byte[] component(String name) {
        byte[] b = name.getBytes(StandardCharsets.UTF_8);
        byte[] out = java.util.Arrays.copyOf(b, b.length + 2);
        out[b.length + 1] = 0x01;
        return out;
    }


    private Keys() {
    }

    public static byte[] tableCatalogKey(String name) {
        return concat(new byte[] {CATALOG}, component("table"), name.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] tableCatalogPrefix() {
        return concat(new byte[] {CATALOG}, component("table"));
    }

    public static byte[] viewCatalogKey(String name) {
        return concat(new byte[] {CATALOG}, component("view"), name.getBytes(StandardCharsets.UTF_8));
    }

    public static byte[] viewCatalogPrefix() {
        return concat(new byte[] {CATALOG}, component("view"));
    }

    public static byte[] nextIdKey() {
        return concat(new byte[] {CATALOG}, component("next_id"));
    }

    public static byte[] rowIdKey(int tableId) {
        return concat(new byte[] {CATALOG}, component("rowid"), int4(tableId));
    }

    public static byte[] tablePrefix(int tableId) {
        return concat(new byte[] {ROWS}, int4(tableId));
    }

    public static byte[] rowKey(int tableId, byte[] primaryKeyTuple) {
        return concat(tablePrefix(tableId), primaryKeyTuple);
    }

    public static byte[] indexPrefix(int indexId) {
        return concat(new byte[] {INDEXES}, int4(indexId));
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

    /**
     * The claim of {@code values} in a unique index: depends on the values only (not on the row, unlike an
     * index entry), so every writer of the same values names the same key.
     */
    public static byte[] uniqueClaimKey(IndexDef index, List<Object> values) {
        return concat(new byte[] {CLAIMS}, int4(index.id()), TupleCodec.encode(values));
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
