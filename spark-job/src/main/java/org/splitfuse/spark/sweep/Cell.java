package org.splitfuse.spark.sweep;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One cell of a sweep: a value for each swept key and a seed (null: the config's own seeds).
 *
 * @param index  1-based, in the order the cells run
 * @param values swept key to value, in the grid's order
 */
public record Cell(int index, Map<String, String> values, Long seed) {

    /** Readable and stable: the directory name under the sweep's output, e.g. {@code plan.kind=paf,prune.sparsity=0.5,seed=1}. */
    public String name() {
        List<String> parts = new ArrayList<>();
        values.forEach((k, v) -> parts.add(k + "=" + v));
        if (seed != null) {
            parts.add("seed=" + seed);
        }
        // only characters every file system and Hadoop path takes
        return String.join(",", parts).replaceAll("[^A-Za-z0-9._=,+-]", "_");
    }

    /** As the progress line shows it: {@code plan.kind=paf, prune.sparsity=0.5, seed=1}. */
    public String label() {
        String v = values.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
        return seed == null ? v : (v.isEmpty() ? "" : v + ", ") + "seed=" + seed;
    }

    /** The key=value overrides that make this cell out of the base config. */
    public List<String> overrides(List<String> seedKeys) {
        List<String> o = new ArrayList<>();
        values.forEach((k, v) -> o.add(k + "=" + v));
        if (seed != null) {
            seedKeys.forEach(k -> o.add(k + "=" + seed));
        }
        return o;
    }

    /** Every combination of the axes' points (the last axis varying fastest), times each seed. */
    static List<Cell> all(SweepFile f) {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (SweepFile.Axis axis : f.axes()) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> c : combos) {
                for (List<String> point : axis.points()) {
                    Map<String, String> m = new LinkedHashMap<>(c);
                    for (int i = 0; i < axis.keys().size(); i++) {
                        m.put(axis.keys().get(i), point.get(i));
                    }
                    next.add(m);
                }
            }
            combos = next;
        }
        List<Cell> cells = new ArrayList<>();
        List<Long> seeds = f.seeds().isEmpty() ? java.util.Collections.singletonList(null) : f.seeds();
        for (Map<String, String> c : combos) {
            for (Long seed : seeds) {
                cells.add(new Cell(cells.size() + 1, java.util.Collections.unmodifiableMap(c), seed));
            }
        }
        return List.copyOf(cells);
    }
}
