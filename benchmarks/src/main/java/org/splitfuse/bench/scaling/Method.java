package org.splitfuse.bench.scaling;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.splitfuse.core.InputError;

/** The methods split-data.csv names, with the stages each run must have, in plan order. */
enum Method {
    PAF("paf", List.of("train", "prune-each", "fuse", "tune-fused")),
    FAP("fap", List.of("train", "fuse", "tune-fused", "prune", "tune")),
    WHOLE_DATA("whole-data", List.of("train", "prune", "tune")),
    /** dl4j-spark parameter averaging, averaging frequency {@code workload.averaging-frequency.sync-dp}. */
    SYNC_DP("sync-dp", List.of("train", "prune", "tune")),
    /** Parameter averaging after every minibatch ({@code workload.averaging-frequency.sync-dp-f1}). */
    SYNC_DP_F1("sync-dp-f1", List.of("train", "prune", "tune")),
    /** Gradient sharing: an all-reduce of each step's update. */
    SYNC_DP_GS("sync-dp-gs", List.of("train", "prune", "tune"));

    private final String id;
    private final List<String> stages;

    Method(String id, List<String> stages) {
        this.id = id;
        this.stages = stages;
    }

    String id() {
        return id;
    }

    List<String> stages() {
        return stages;
    }

    boolean syncDp() {
        return this == SYNC_DP || this == SYNC_DP_F1 || this == SYNC_DP_GS;
    }

    static Method parse(String id) {
        for (Method m : values()) {
            if (m.id.equals(id.trim())) {
                return m;
            }
        }
        throw new InputError("unknown method '" + id + "' (known: " + known() + ")");
    }

    static String known() {
        return Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", "));
    }
}
