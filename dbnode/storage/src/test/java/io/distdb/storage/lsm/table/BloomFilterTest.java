package io.distdb.storage.lsm.table;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class BloomFilterTest {

    @Test
    void neverMissesAnAddedKeyAndRejectsMostOthers() {
        BloomFilter.Builder builder = new BloomFilter.Builder(10);
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            builder.add(BloomFilter.hash(("present" + i).getBytes()));
        }
        BloomFilter filter = BloomFilter.decode(builder.finish());
        for (int i = 0; i < n; i++) {
            assertTrue(filter.mayContain(BloomFilter.hash(("present" + i).getBytes())), "false negative for key " + i);
        }
        int falsePositives = 0;
        for (int i = 0; i < n; i++) {
            if (filter.mayContain(BloomFilter.hash(("absent" + i).getBytes()))) {
                falsePositives++;
            }
        }
        // 10 bits per key gives about 1% in theory; 3% leaves room for hash quality, not for a broken filter.
        assertTrue(falsePositives < n * 0.03, "false positive rate too high: " + falsePositives + " of " + n);
    }

    @Test
    void zeroBitsPerKeyMeansNoFilter() {
        BloomFilter.Builder builder = new BloomFilter.Builder(0);
        builder.add(1);
        assertNull(BloomFilter.decode(builder.finish()));
    }
}
