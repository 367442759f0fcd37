package org.splitfuse.bench.scaling;

import com.typesafe.config.Config;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.splitfuse.bench.ConfigVerb;
import org.splitfuse.core.config.ConfigError;
import org.splitfuse.core.config.Settings;
import org.splitfuse.core.model.InputShape;
import org.splitfuse.core.model.ModelFamily;

/** split-data-scaling's configuration (split-data-scaling-reference.conf documents every key). */
record ScalingSettings(Path runsCsv, Path stagesCsv, List<String> ignoredMethods, Path outputDir, RunSelector fit, boolean relativeWeights,
                       RunSelector heldOut, double tolerance, Workload workload, double machineCores,
                       double measuredDriverCores, List<Integer> machines, List<ProjectedModel> models, List<Double> gbit,
                       double workerCores, double projectionDriverCores, List<Method> methods) {

    /** A model of the projection: a zoo family at a width, written {@code vgg11-bn@0.25}. */
    record ProjectedModel(ModelFamily family, double width) {
        static ProjectedModel parse(String text) {
            String[] p = text.split("@");
            if (p.length != 2) {
                throw new IllegalArgumentException("a model is FAMILY@WIDTH, e.g. vgg11-bn@0.25, got '" + text + "'");
            }
            double width = Double.parseDouble(p[1].trim());
            if (!(width > 0) || Double.isInfinite(width)) {
                throw new IllegalArgumentException("width must be > 0, got '" + text + "'");
            }
            return new ProjectedModel(ModelFamily.parse(p[0].trim()), width);
        }

        String id() {
            return family.id() + "@" + width;
        }
    }

    static ScalingSettings from(Config c) {
        Settings s = new Settings(c);
        String weighting = s.string("fit.weighting");
        if (!weighting.equals("relative") && !weighting.equals("absolute")) {
            throw new ConfigError("config key 'fit.weighting' must be relative or absolute, got '" + weighting + "'");
        }
        Workload w = new Workload(s.choice("workload.model", ModelFamily::parse),
                s.choice("workload.input", InputShape::parse), s.intAtLeast("workload.classes", 2),
                s.intAtLeast("workload.train-examples", 1), s.intAtLeast("workload.batch-size", 1),
                s.intAtLeast("workload.epochs", 1), s.intAtLeast("workload.tune-after-prune.rounds", 0),
                s.intAtLeast("workload.tune-after-prune.epochs-per-round", 1),
                s.intAtLeast("workload.tune-after-fusion.rounds", 0),
                s.intAtLeast("workload.tune-after-fusion.epochs-per-round", 1),
                s.doubleIn("workload.sparsity", 0, 1, true, false), s.intAtLeast("workload.fusion-samples", 0),
                s.intAtLeast("workload.repair-samples", 0), s.intAtLeast("workload.importance-samples", 0),
                s.intAtLeast("workload.averaging-frequency.sync-dp", 1),
                s.intAtLeast("workload.averaging-frequency.sync-dp-f1", 1),
                s.doubleIn("workload.gradient-sharing-fraction", 0, 1, false, true),
                s.intAtLeast("workload.bytes-per-value", 1));
        List<Integer> machines = new ArrayList<>();
        for (Number n : c.getNumberList("projection.machines")) {
            if (!(n instanceof Integer) || n.intValue() < 1) {
                throw new ConfigError("config key 'projection.machines': each a whole number >= 1, got " + n);
            }
            machines.add(n.intValue());
        }
        List<Double> gbit = new ArrayList<>();
        for (Number n : c.getNumberList("projection.gbit")) {
            if (!(n.doubleValue() > 0) || Double.isInfinite(n.doubleValue())) {
                throw new ConfigError("config key 'projection.gbit': each a bandwidth > 0 in Gbit/s, got " + n);
            }
            gbit.add(n.doubleValue());
        }
        List<Method> methods = ConfigVerb.each(c, "projection.methods", Method::parse);
        if (!methods.contains(Method.PAF)) {
            throw new ConfigError("config key 'projection.methods' must include paf (the speedups are PaF's)");
        }
        List<ProjectedModel> models = ConfigVerb.each(c, "projection.models", ProjectedModel::parse);
        for (String key : List.of("projection.machines", "projection.gbit", "projection.models")) {
            if (c.getList(key).isEmpty()) {
                throw new ConfigError("config key '" + key + "' is empty");
            }
        }
        return new ScalingSettings(Path.of(s.string("runs")), Path.of(s.string("stages")),
                List.copyOf(c.getStringList("ignored-methods")), Path.of(s.string("output-dir")),
                RunSelector.from(c, "fit.runs"), weighting.equals("relative"), RunSelector.from(c, "held-out.runs"),
                s.doubleIn("held-out.tolerance", 0, Double.MAX_VALUE, false), w,
                s.doubleIn("measured.machine-cores", 0, 1e6, false), s.doubleIn("measured.driver-cores", 0, 1e6, false),
                List.copyOf(machines), models, List.copyOf(gbit), s.doubleIn("projection.worker-cores", 0, 1e6, false),
                s.doubleIn("projection.driver-cores", 0, 1e6, false), methods);
    }
}
