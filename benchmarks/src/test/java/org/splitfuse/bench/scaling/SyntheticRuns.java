package org.splitfuse.bench.scaling;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.ToDoubleFunction;

/** Measured-run CSVs made by the cost model itself from known coefficients, with multiplicative noise. */
final class SyntheticRuns {

    /** A run to make: method, network, K, width, and a factor its every stage's time is multiplied by (1: as modelled). */
    record Spec(Method method, String network, int k, double width, double factor) {
    }

    private SyntheticRuns() {
    }

    static List<Spec> grid(List<Integer> ks, List<String> networks, List<Double> widths) {
        List<Spec> out = new ArrayList<>();
        for (int k : ks) {
            for (String n : networks) {
                for (double w : widths) {
                    for (Method m : List.of(Method.PAF, Method.FAP, Method.WHOLE_DATA, Method.SYNC_DP, Method.SYNC_DP_F1)) {
                        out.add(new Spec(m, n, k, w, 1));
                    }
                }
            }
        }
        return out;
    }

    /** Writes split-data.csv and split-data-stages.csv into {@code dir}. */
    static void write(Path dir, List<Spec> specs, MeasuredScenarios scenarios, double[] coefficients, double noise, long seed)
            throws IOException {
        Random random = new Random(seed);
        List<String> runs = new ArrayList<>(List.of("method,accuracy,params,train_s,total_s,bytes_moved,network,k,width,wire_bytes"));
        List<String> stages = new ArrayList<>(List.of("method,stage,seconds,bytes_moved,accuracy,network,k,width,wire_bytes"));
        for (Spec s : specs) {
            MeasuredRun probe = new MeasuredRun(s.method(), Network.parse(s.network()), s.k(), s.width(), 0, 0, 0, 0, 0, java.util.Map.of());
            double total = 0;
            double train = 0;
            double bytes = 0;
            for (StageTerms t : scenarios.stages(probe)) {
                double sec = Math.round(10 * t.seconds(coefficients) * s.factor() * (1 + noise * random.nextGaussian())) / 10.0;
                total += sec;
                train = t.stage().equals("train") ? sec : train;
                bytes += t.bytes();
                stages.add(String.format(Locale.ROOT, "%s,%s,%.1f,%.0f,0.9,%s,%d,%s,%s", s.method().id(), t.stage(), sec, t.bytes(),
                        s.network(), s.k(), s.width(), wire(s, t.bytes())));
            }
            ModelSize pruned = scenarios.model().pruned(scenarios.scenario(probe));
            runs.add(String.format(Locale.ROOT, "%s,0.9,%d,%.1f,%.1f,%.0f,%s,%d,%s,%s", s.method().id(), pruned.params(), train, total,
                    bytes, s.network(), s.k(), s.width(), wire(s, bytes)));
        }
        Files.createDirectories(dir);
        Files.write(dir.resolve("split-data.csv"), runs);
        Files.write(dir.resolve("split-data-stages.csv"), stages);
    }

    private static String wire(Spec s, double bytes) {
        return s.network().equals("loopback") ? "" : String.format(Locale.ROOT, "%.0f", bytes);
    }

    static double max(List<Double> values, ToDoubleFunction<Double> f) {
        return values.stream().mapToDouble(f).max().orElse(Double.NaN);
    }
}
