package org.splitfuse.bench.splitdata;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/** split-data.md (results, the targets, per-stage breakdown) and split-data.png. */
final class SplitDataReport {

    private SplitDataReport() {
    }

    static void write(Path dir, List<SplitDataResult> results, List<SplitDataBench.Stage> stages, List<String> memory)
            throws IOException {
        StringBuilder md = new StringBuilder("# Split-Data against whole-data and synchronous data-parallel training\n\n");
        md.append("`bin/splitfuse split-data-bench` runs the Spark job once per plan (configs/paf-fashion-mnist.conf, "
                + "fap-fashion-mnist.conf, whole-data.conf, sync-dp.conf: the same model, data, training epochs over each "
                + "method's own data, pruning and fine-tuning; docs/split-data.md). Accuracy on the whole test set; "
                + "\"time to the final model\" is the sum of the plan's stages; bytes moved between driver and executors.\n\n");
        md.append("| method | final accuracy | parameters | training | time to the final model | bytes moved |\n");
        md.append("| --- | --- | --- | --- | --- | --- |\n");
        for (SplitDataResult r : results) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f%% | %,d | %.0f s | %.0f s | %s |%n", r.method(), 100 * r.accuracy(),
                    r.params(), r.trainSeconds(), r.totalSeconds(), bytes(r.bytesMoved())));
        }
        md.append("\nAgainst the targets:\n\n");
        Optional<SplitDataResult> whole = find(results, "whole-data");
        Optional<SplitDataResult> sync = find(results, "sync-dp");
        for (String[] m : new String[][] {{"paf", "1.4"}, {"fap", "1.3"}}) {
            Optional<SplitDataResult> r = find(results, m[0]);
            if (r.isEmpty()) {
                continue;
            }
            if (whole.isPresent()) {
                double gap = 100 * (r.get().accuracy() - whole.get().accuracy());
                double speedup = whole.get().totalSeconds() / r.get().totalSeconds();
                md.append(String.format(Locale.ROOT, "- %s: accuracy %+.2f points against whole-data (target: within 0.5) %s; "
                                + "time to the final model %.2fx faster (target: %sx) %s%n", m[0], gap, mark(Math.abs(gap) <= 0.5),
                        speedup, m[1], mark(speedup >= Double.parseDouble(m[1]))));
            }
            if (sync.isPresent()) {
                double ratio = (double) r.get().bytesMoved() / sync.get().bytesMoved();
                md.append(String.format(Locale.ROOT, "- %s: bytes moved 1/%.0f of sync-dp's (target: at most 1/100) %s%n",
                        m[0], 1 / ratio, mark(ratio <= 0.01)));
            }
        }
        md.append("\n## Stages\n\n| method | stage | time | bytes moved | accuracy after it |\n| --- | --- | --- | --- | --- |\n");
        for (SplitDataBench.Stage s : stages) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %.1f s | %s | %.2f%% |%n", s.method(), s.stage(), s.seconds(),
                    bytes(s.bytesMoved()), 100 * s.accuracy()));
        }
        if (!memory.isEmpty()) {
            md.append("\nResident memory of the benchmark's JVM (driver and local executors) after each run: ")
                    .append(String.join("; ", memory)).append(".\n");
        }
        md.append("\n![split-data](split-data.png)\n");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("split-data.md"), md.toString());
        plot(dir.resolve("split-data.png"), results);
    }

    private static Optional<SplitDataResult> find(List<SplitDataResult> results, String method) {
        return results.stream().filter(r -> r.method().equals(method)).findFirst();
    }

    private static String mark(boolean met) {
        return met ? "**met**" : "**missed**";
    }

    private static String bytes(long b) {
        return b >= 1e9 ? String.format(Locale.ROOT, "%.2f GB", b / 1e9) : String.format(Locale.ROOT, "%.2f MB", b / 1e6);
    }

    /** Three panels: final accuracy, time to the final model, bytes moved (log scale). */
    private static void plot(Path file, List<SplitDataResult> results) throws IOException {
        System.setProperty("java.awt.headless", "true");
        int panel = 60 + 50 * Math.max(1, results.size());
        int width = 3 * panel + 40;
        int height = 360;
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, width, height);
        Color[] colors = {new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c), new Color(0x7f7f7f), new Color(0x9467bd)};
        panel(g, 20, panel, "final accuracy (%)", results, r -> 100 * r.accuracy(), false, colors);
        panel(g, 20 + panel, panel, "time to final model (s)", results, SplitDataResult::totalSeconds, false, colors);
        panel(g, 20 + 2 * panel, panel, "bytes moved (MB, log)", results, r -> r.bytesMoved() / 1e6, true, colors);
        g.dispose();
        ImageIO.write(image, "png", file.toFile());
    }

    private static void panel(Graphics2D g, int x0, int w, String title, List<SplitDataResult> results,
                              ToDoubleFunction<SplitDataResult> value, boolean log, Color[] colors) {
        int top = 50;
        int h = 240;
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
        g.drawString(title, x0, 25);
        double max = results.stream().mapToDouble(value).map(v -> log ? Math.log10(Math.max(v, 1e-3)) + 3 : v).max().orElse(1);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
        for (int i = 0; i < results.size(); i++) {
            double v = value.applyAsDouble(results.get(i));
            double scaled = log ? Math.log10(Math.max(v, 1e-3)) + 3 : v;
            int bar = (int) Math.round(h * scaled / Math.max(max, 1e-9));
            int x = x0 + 10 + i * 50;
            g.setColor(colors[i % colors.length]);
            g.fillRect(x, top + h - bar, 36, bar);
            g.setColor(Color.BLACK);
            g.drawString(results.get(i).method(), x, top + h + 15);
            g.drawString(v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v), x, top + h - bar - 3);
        }
        g.drawLine(x0 + 5, top + h, x0 + w - 15, top + h);
    }
}
