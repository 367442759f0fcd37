package org.splitfuse.core.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/** Deterministic splits of a training set into K disjoint shards that together cover it. */
public final class Sharding {

    private Sharding() {
    }

    /** Shuffled, then cut into K parts whose sizes differ by at most one. */
    public static int[][] iid(int size, int shards, long seed) {
        requireShards(size, shards);
        int[] order = permutation(size, new SplittableRandom(seed));
        int[][] out = new int[shards][];
        int start = 0;
        for (int k = 0; k < shards; k++) {
            int length = size / shards + (k < size % shards ? 1 : 0);
            out[k] = Arrays.copyOfRange(order, start, start + length);
            Arrays.sort(out[k]);
            start += length;
        }
        return out;
    }

    /**
     * Label skew: for every class, proportions p ~ Dirichlet(alpha) over the K shards, and that
     * class's (shuffled) examples are cut accordingly. Small alpha gives each shard few classes.
     * A shard left empty takes one example from the largest shard, so every shard can train.
     */
    public static int[][] labelSkewed(int[] labels, int numClasses, int shards, double alpha, long seed) {
        requireShards(labels.length, shards);
        if (!(alpha > 0) || Double.isInfinite(alpha)) {
            throw new IllegalArgumentException("Dirichlet alpha must be > 0, got " + alpha);
        }
        if (numClasses < 1) {
            throw new IllegalArgumentException("number of classes must be >= 1, got " + numClasses);
        }
        for (int i = 0; i < labels.length; i++) {
            // an example outside every class would silently be left out of all shards
            if (labels[i] < 0 || labels[i] >= numClasses) {
                throw new IllegalArgumentException("label " + labels[i] + " of example " + i + " is outside [0, "
                        + numClasses + ")");
            }
        }
        SplittableRandom random = new SplittableRandom(seed);
        List<List<Integer>> parts = new ArrayList<>();
        for (int k = 0; k < shards; k++) {
            parts.add(new ArrayList<>());
        }
        for (int c = 0; c < numClasses; c++) {
            List<Integer> members = new ArrayList<>();
            for (int i = 0; i < labels.length; i++) {
                if (labels[i] == c) {
                    members.add(i);
                }
            }
            int[] order = permutation(members.size(), random);
            double[] p = Dirichlet.sample(alpha, shards, random);
            int start = 0;
            double cumulative = 0;
            for (int k = 0; k < shards; k++) {
                cumulative += p[k];
                int end = k == shards - 1 ? members.size() : (int) Math.round(cumulative * members.size());
                end = Math.max(start, Math.min(end, members.size()));
                for (int j = start; j < end; j++) {
                    parts.get(k).add(members.get(order[j]));
                }
                start = end;
            }
        }
        for (int k = 0; k < shards; k++) {
            if (parts.get(k).isEmpty()) {
                List<Integer> largest = parts.stream().max((a, b) -> Integer.compare(a.size(), b.size())).orElseThrow();
                parts.get(k).add(largest.remove(largest.size() - 1));
            }
        }
        int[][] out = new int[shards][];
        for (int k = 0; k < shards; k++) {
            out[k] = parts.get(k).stream().mapToInt(Integer::intValue).sorted().toArray();
        }
        return out;
    }

    private static void requireShards(int size, int shards) {
        if (shards < 1) {
            throw new IllegalArgumentException("number of shards must be >= 1, got " + shards);
        }
        if (shards > size) {
            throw new IllegalArgumentException("cannot split " + size + " examples into " + shards + " non-empty shards");
        }
    }

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
