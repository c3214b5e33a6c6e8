package io.distdb.server.items;

import io.distdb.server.store.Namespace;

/**
 * Store keys of items: {@code ITEMS <pk escaped+terminated><sk raw>}. All sort keys of a partition are
 * adjacent and sorted, and partitions are sorted by partition key, so every seed query is one ordered scan.
 */
final class ItemKeys {

    private ItemKeys() {
    }

    static byte[] key(String pk, String sk) {
        return Namespace.ITEMS.key().component(pk).raw(sk).build();
    }

    /** First key of partition {@code pk}. */
    static byte[] partitionStart(String pk) {
        return Namespace.ITEMS.key().component(pk).build();
    }

    /** Just above every key of partition {@code pk}: the terminator {@code 00 01} becomes {@code 00 02}. */
    static byte[] partitionEnd(String pk) {
        return Namespace.ITEMS.key().escaped(pk).rawByte(0x00).rawByte(0x02).build();
    }

    /** Prefix of every key whose partition key begins with {@code pkPrefix}. */
    static byte[] partitionPrefix(String pkPrefix) {
        return Namespace.ITEMS.key().escaped(pkPrefix).build();
    }

    /** Smallest key above every sort key {@code <= sk} in partition {@code pk}. */
    static byte[] afterSortKey(String pk, String sk) {
        return Namespace.ITEMS.key().component(pk).raw(sk).rawByte(0x00).build();
    }
}
