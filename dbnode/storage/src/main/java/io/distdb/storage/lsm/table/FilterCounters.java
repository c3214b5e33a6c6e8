package io.distdb.storage.lsm.table;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the tables' Bloom filters did for point lookups, summed over every table of a store: how often a filter
 * ruled a table out (a read saved) and how often it let a lookup through to a table without the key (a false
 * positive, a block read wasted). Their ratio tells whether {@code bloomBitsPerKey} is worth its memory.
 */
public final class FilterCounters {

    private final LongAdder useful = new LongAdder();
    private final LongAdder falsePositives = new LongAdder();

    void ruledOut() {
        useful.increment();
    }

    void falsePositive() {
        falsePositives.increment();
    }

    /** Adds what a memory-only lookup counted, once it is known to be the lookup's answer. */
    public void add(Tally tally) {
        useful.add(tally.useful);
        falsePositives.add(tally.falsePositives);
    }

    /**
     * The filter outcomes of one memory-only lookup, held back until the lookup turns out to be the answer: one that
     * stops at a block not in memory is done again from disk, and counting both would count those tables twice.
     */
    public static final class Tally {
        int useful;
        int falsePositives;
    }

    /** Lookups a filter answered alone: the key is certainly not in that table. */
    public long useful() {
        return useful.sum();
    }

    /** Lookups a filter let through to a table that did not hold the key. */
    public long falsePositives() {
        return falsePositives.sum();
    }
}
