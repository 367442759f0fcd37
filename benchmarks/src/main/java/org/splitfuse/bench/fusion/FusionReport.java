package org.splitfuse.bench.fusion;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import javax.imageio.ImageIO;
import org.splitfuse.core.model.ModelFamily;

/** fusion.md (one row per model, K and shard kind) and fusion.png (grouped bars) from the results. */
final class FusionReport {

    private static final String[] METHODS = {"parents", "vanilla", "ot-weight", "ot-activation"};
    private static final Color[] COLORS = {new Color(0x999999), new Color(0x444444), new Color(0x1f77b4), new Color(0xd62728)};

    private FusionReport() {
    }

    /** The averages as the project runs them ({@code main}: with REPAIR when enabled) and without REPAIR. */
    private record Row(String model, int k, String shards, double parentsMean, double parentsBest, double vanilla,
                       double weight, double activation, double plainVanilla, double plainWeight, double plainActivation) {
        double[] bars() {
            return new double[] {parentsMean, vanilla, weight, activation};
        }
    }

    static void write(List<FusionBench.Result> results, FusionSettings s) throws IOException {
        List<Row> rows = rows(results, s.repairSamples() > 0);
        StringBuilder md = new StringBuilder("# OT fusion against vanilla averaging (`bin/splitfuse fusion-bench`)\n\n");
        boolean repair = s.repairSamples() > 0;
        String epochs = rows.stream().map(Row::model).distinct()
                .map(m -> m + " " + s.epochs(ModelFamily.parse(m))).collect(java.util.stream.Collectors.joining(", "));
        md.append(String.format(Locale.ROOT, "Data: %s; models at width %s, each trained on its own shard (epochs: %s) "
                + "(independent initialisations); fused into the first model without fine-tuning. Test accuracy in %%; "
                + "activation-based alignment on %d training examples. Label skew: Dirichlet(%s).%n%n",
                s.data().id(), s.width(), epochs, s.activationSamples(), s.alpha()));
        if (repair) {
            md.append(String.format(Locale.ROOT, "\"+ REPAIR\": after averaging, every writer's pre-activations get the "
                    + "parents' average mean and standard deviation on %d training examples (forward passes only; "
                    + "docs/fusion.md). fusion.csv holds these; fusion-no-repair.csv the plain averages.%n%n", s.repairSamples()));
            md.append("| model | K | shards | parents (mean) | best parent | vanilla + REPAIR | OT weight + REPAIR "
                    + "| OT activation + REPAIR | vanilla | OT weight | OT activation |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
        } else {
            md.append("| model | K | shards | parents (mean) | best parent | vanilla | OT weight | OT activation |\n");
            md.append("| --- | --- | --- | --- | --- | --- | --- | --- |\n");
        }
        for (Row r : rows) {
            md.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f | %.2f | %.2f | %.2f |", r.model(), r.k(),
                    r.shards(), 100 * r.parentsMean(), 100 * r.parentsBest(), 100 * r.vanilla(), 100 * r.weight(),
                    100 * r.activation()));
            if (repair) {
                md.append(String.format(Locale.ROOT, " %.2f | %.2f | %.2f |", 100 * r.plainVanilla(), 100 * r.plainWeight(),
                        100 * r.plainActivation()));
            }
            md.append('\n');
        }
        md.append("\n![fusion](fusion.png)\n");
        Files.createDirectories(s.outputDir());
        Files.writeString(s.outputDir().resolve("fusion.md"), md.toString());
        plot(rows, s);
    }

    private static List<Row> rows(List<FusionBench.Result> results, boolean repair) {
        Set<String> keys = new LinkedHashSet<>();
        results.forEach(r -> keys.add(r.model() + "|" + r.k() + "|" + r.shards()));
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            String[] p = key.split("\\|");
            List<FusionBench.Result> mine = results.stream()
                    .filter(r -> (r.model() + "|" + r.k() + "|" + r.shards()).equals(key)).toList();
            double[] parents = mine.stream().filter(r -> r.method().startsWith("parent-"))
                    .mapToDouble(FusionBench.Result::accuracy).toArray();
            rows.add(new Row(p[0], Integer.parseInt(p[1]), p[2], java.util.Arrays.stream(parents).average().orElse(Double.NaN),
                    java.util.Arrays.stream(parents).max().orElse(Double.NaN), accuracy(mine, "vanilla", repair),
                    accuracy(mine, "ot-weight", repair), accuracy(mine, "ot-activation", repair), accuracy(mine, "vanilla", false),
                    accuracy(mine, "ot-weight", false), accuracy(mine, "ot-activation", false)));
        }
        return rows;
    }

    private static double accuracy(List<FusionBench.Result> rows, String method, boolean repaired) {
        return rows.stream().filter(r -> r.method().equals(method) && r.repaired() == repaired)
                .mapToDouble(FusionBench.Result::accuracy)
                .findFirst().orElse(Double.NaN);
    }

    private static void plot(List<Row> rows, FusionSettings s) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int groupWidth = 110;
        int width = 80 + Math.max(1, rows.size()) * groupWidth;
        int height = 420;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString("Test accuracy (%) of fused models, no fine-tuning" + (s.repairSamples() > 0 ? " (averages + REPAIR)" : ""), 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        for (int m = 0; m < METHODS.length; m++) {
            g.setColor(COLORS[m]);
            g.fillRect(10 + m * 120, 30, 12, 10);
            g.setColor(Color.BLACK);
            g.drawString(METHODS[m], 26 + m * 120, 40);
        }
        int top = 60;
        int plotHeight = 280;
        int left = 50;
        g.setColor(Color.GRAY);
        for (int acc = 0; acc <= 100; acc += 20) {
            int y = top + plotHeight - acc * plotHeight / 100;
            g.drawLine(left - 4, y, width - 10, y);
            g.drawString(Integer.toString(acc), 20, y + 4);
        }
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            double[] bars = r.bars();
            int x0 = left + 10 + i * groupWidth;
            for (int m = 0; m < bars.length; m++) {
                if (Double.isNaN(bars[m])) {
                    continue;
                }
                int h = (int) Math.round(bars[m] * plotHeight);
                g.setColor(COLORS[m]);
                g.fillRect(x0 + m * 22, top + plotHeight - h, 20, h);
            }
            g.setColor(Color.BLACK);
            g.drawString(r.model(), x0, top + plotHeight + 16);
            g.drawString("K=" + r.k() + " " + r.shards(), x0, top + plotHeight + 30);
        }
        g.dispose();
        ImageIO.write(image, "png", s.outputDir().resolve("fusion.png").toFile());
    }
}
