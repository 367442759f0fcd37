package org.splitfuse.core.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import org.junit.jupiter.api.Test;

class ShardingTest {

    private static int[] labels(int n, int classes) {
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % classes;
        }
        return l;
    }

    private static void assertPartition(int[][] shards, int n) {
        BitSet seen = new BitSet(n);
        int total = 0;
        for (int[] s : shards) {
            assertTrue(s.length > 0, "empty shard");
            for (int i : s) {
                assertFalse(seen.get(i), "example " + i + " in two shards");
                seen.set(i);
            }
            total += s.length;
        }
        assertEquals(n, total);
        assertEquals(n, seen.cardinality());
    }

    @Test
    void iidShardsAreDisjointCoveringBalancedAndDeterministic() {
        int[][] a = Sharding.iid(1003, 4, 42);
        assertPartition(a, 1003);
        for (int[] s : a) {
            assertTrue(s.length == 250 || s.length == 251, "size " + s.length);
        }
        assertArrayEquals(a, Sharding.iid(1003, 4, 42));
        assertFalse(java.util.Arrays.deepEquals(a, Sharding.iid(1003, 4, 43)));
    }

    @Test
    void labelSkewedShardsAreDisjointCoveringAndSkewedForSmallAlpha() {
        int[] labels = labels(10_000, 10);
        int[][] skewed = Sharding.labelSkewed(labels, 10, 4, 0.1, 7);
        assertPartition(skewed, labels.length);
        assertArrayEquals(skewed, Sharding.labelSkewed(labels, 10, 4, 0.1, 7));
        // with alpha = 0.1 some shard holds more than half of its examples in one class
        double maxShare = 0;
        for (int[] s : skewed) {
            int[] counts = new int[10];
            for (int i : s) {
                counts[labels[i]]++;
            }
            maxShare = Math.max(maxShare, (double) java.util.Arrays.stream(counts).max().orElse(0) / s.length);
        }
        assertTrue(maxShare > 0.5, "max class share " + maxShare);
        // with a large alpha every shard is close to uniform over the classes
        int[][] mild = Sharding.labelSkewed(labels, 10, 2, 1000, 7);
        assertPartition(mild, labels.length);
        for (int[] s : mild) {
            assertEquals(5000, s.length, 250);
        }
    }

    @Test
    void tinyAlphaStillLeavesNoShardEmpty() {
        int[] labels = labels(40, 2);
        assertPartition(Sharding.labelSkewed(labels, 2, 8, 0.001, 3), 40);
    }

    @Test
    void badArgumentsAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> Sharding.iid(10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> Sharding.iid(3, 4, 1));
        assertThrows(IllegalArgumentException.class, () -> Sharding.labelSkewed(labels(10, 2), 2, 2, 0, 1));
        // a label beyond numClasses would belong to no shard
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Sharding.labelSkewed(labels(10, 3), 2, 2, 0.5, 1));
        assertEquals("label 2 of example 2 is outside [0, 2)", e.getMessage());
    }
}
