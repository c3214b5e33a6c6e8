package io.distdb.server.items;

import io.distdb.server.errors.InvalidRequestException;
import io.distdb.storage.Bytes;

import java.nio.charset.StandardCharsets;

/**
 * One of the seed 000 queries as a scan: a key range of the items namespace ({@code from} inclusive,
 * {@code to} exclusive) and a filter on the sort key for queries that span partitions. Strings compare as
 * UTF-8 bytes, which is Unicode code point order; every bound is inclusive.
 */
public record ItemQuery(byte[] from, byte[] to, SortKeyFilter sortKeys) {

    /** Which sort keys (as their UTF-8 bytes, as stored) a multi-partition query keeps. */
    public interface SortKeyFilter {
        boolean accepts(byte[] sk);

        SortKeyFilter ALL = sk -> true;
    }

    /** Items of partition {@code pk} whose sort key begins with {@code skPrefix}. */
    public static ItemQuery sortKeyBeginsWith(String pk, String skPrefix) {
        byte[] prefix = ItemKeys.key(pk, skPrefix);
        return new ItemQuery(prefix, Bytes.prefixEnd(prefix), SortKeyFilter.ALL);
    }

    /** Items whose partition key begins with {@code pkPrefix} and whose sort key begins with {@code skPrefix}. */
    public static ItemQuery bothBeginWith(String pkPrefix, String skPrefix) {
        byte[] prefix = ItemKeys.partitionPrefix(pkPrefix);
        byte[] skBytes = skPrefix.getBytes(StandardCharsets.UTF_8);
        return new ItemQuery(prefix, Bytes.prefixEnd(prefix), sk -> Bytes.startsWith(sk, skBytes));
    }

    /** Items of partition {@code pk} with {@code from <= sk <= to}. */
    public static ItemQuery sortKeyBetween(String pk, String from, String to) {
        checkOrdered("sort key", from, to);
        return new ItemQuery(ItemKeys.key(pk, from), ItemKeys.afterSortKey(pk, to), SortKeyFilter.ALL);
    }

    /** Items with {@code pkFrom <= pk <= pkTo} and {@code skFrom <= sk <= skTo}. */
    public static ItemQuery bothBetween(String pkFrom, String pkTo, String skFrom, String skTo) {
        checkOrdered("partition key", pkFrom, pkTo);
        checkOrdered("sort key", skFrom, skTo);
        byte[] low = skFrom.getBytes(StandardCharsets.UTF_8);
        byte[] high = skTo.getBytes(StandardCharsets.UTF_8);
        return new ItemQuery(ItemKeys.partitionStart(pkFrom), ItemKeys.partitionEnd(pkTo),
                sk -> Bytes.compare(sk, low) >= 0 && Bytes.compare(sk, high) <= 0);
    }

    /** Whether a store key lies inside this query's range (used to validate continuation tokens). */
    boolean covers(byte[] key) {
        return Bytes.compare(key, from) >= 0 && Bytes.compare(key, to) < 0;
    }

    private static void checkOrdered(String what, String from, String to) {
        if (Bytes.compare(from.getBytes(StandardCharsets.UTF_8), to.getBytes(StandardCharsets.UTF_8)) > 0) {
            throw new InvalidRequestException(what + " range is empty: '" + from + "' is after '" + to + "'");
        }
    }
}
