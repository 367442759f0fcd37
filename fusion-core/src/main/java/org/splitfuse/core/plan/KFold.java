package org.splitfuse.core.plan;

import java.util.ArrayList;
import java.util.List;

/** The paper's k-fold split: every choice of k/2 of the k shards is one model's training data. */
public final class KFold {

    private KFold() {
    }

    /** All C(k, k/2) subsets of {0..k-1} of size k/2, in lexicographic order; k must be even and >= 2. */
    public static List<int[]> halves(int k) {
        if (k < 2 || k % 2 != 0) {
            throw new IllegalArgumentException("k-fold needs an even number of shards >= 2, got " + k);
        }
        List<int[]> out = new ArrayList<>();
        choose(k, k / 2, 0, new int[k / 2], 0, out);
        return out;
    }

    private static void choose(int k, int size, int from, int[] current, int filled, List<int[]> out) {
        if (filled == size) {
            out.add(current.clone());
            return;
        }
        for (int i = from; i <= k - (size - filled); i++) {
            current[filled] = i;
            choose(k, size, i + 1, current, filled + 1, out);
        }
    }

    /** {0}, {1}, ..., {k-1}: one part per shard. */
    public static List<int[]> singles(int k) {
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < k; i++) {
            out.add(new int[] {i});
        }
        return out;
    }

    /** One part holding every shard. */
    public static List<int[]> all(int k) {
        int[] every = new int[k];
        for (int i = 0; i < k; i++) {
            every[i] = i;
        }
        return List.of(every);
    }
}
