package org.splitfuse.bench.scaling;

import java.util.List;

/** A measured run as the cost model sees it: its scenario (K Workers of machine-cores / K cores each) and its stages' terms. */
final class MeasuredScenarios {

    private final StageModel model;
    private final double machineCores;
    private final double driverCores;

    MeasuredScenarios(StageModel model, double machineCores, double driverCores) {
        this.model = model;
        this.machineCores = machineCores;
        this.driverCores = driverCores;
    }

    Scenario scenario(MeasuredRun run) {
        return new Scenario(run.method(), model.workload().family(), run.width(), run.k(), run.network(),
                machineCores / run.k(), driverCores);
    }

    List<StageTerms> stages(MeasuredRun run) {
        return model.stages(scenario(run));
    }

    StageModel model() {
        return model;
    }
}
