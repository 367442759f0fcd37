package org.splitfuse.bench.datafree;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;

/** Accuracy against sparsity, one panel per group (the paper's figure form), drawn with Java2D. */
final class LinePlot {

    private static final Color[] COLORS = {new Color(0x444444), new Color(0x1f77b4), new Color(0xd62728)};
    private static final int PANEL_W = 260;
    private static final int PANEL_H = 200;
    private static final int COLUMNS = 4;

    private LinePlot() {
    }

    static void write(List<DataFreeResult> rows, List<String> methods, Path png, String title) throws IOException {
        System.setProperty("java.awt.headless", "true");
        Set<String> groups = new LinkedHashSet<>();
        rows.stream().filter(r -> !r.method().equals("original") && !r.group().equals("all")).forEach(r -> groups.add(r.group()));
        List<String> panels = new ArrayList<>(groups);
        int rowsOfPanels = Math.max(1, (panels.size() + COLUMNS - 1) / COLUMNS);
        BufferedImage image = new BufferedImage(COLUMNS * PANEL_W, rowsOfPanels * PANEL_H + 60, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.setColor(Color.BLACK);
        g.drawString(title + ": test accuracy (%) against sparsity, one group pruned, no fine-tuning", 10, 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (int m = 0; m < methods.size(); m++) {
            g.setColor(COLORS[m % COLORS.length]);
            g.fillRect(10 + m * 140, 32, 14, 4);
            g.setColor(Color.BLACK);
            g.drawString(methods.get(m), 30 + m * 140, 38);
        }
        for (int p = 0; p < panels.size(); p++) {
            panel(g, rows, methods, panels.get(p), (p % COLUMNS) * PANEL_W, 50 + (p / COLUMNS) * PANEL_H);
        }
        g.dispose();
        Files.createDirectories(png.toAbsolutePath().getParent());
        ImageIO.write(image, "png", png.toFile());
    }

    private static void panel(Graphics2D g, List<DataFreeResult> rows, List<String> methods, String group, int x0, int y0) {
        int left = x0 + 40;
        int top = y0 + 20;
        int width = PANEL_W - 55;
        int height = PANEL_H - 50;
        g.setColor(Color.BLACK);
        g.drawString("group " + group, left + width / 2 - 25, y0 + 14);
        g.drawRect(left, top, width, height);
        g.setColor(Color.GRAY);
        for (int acc = 0; acc <= 100; acc += 25) {
            int y = top + height - acc * height / 100;
            g.drawString(Integer.toString(acc), x0 + 12, y + 4);
        }
        for (int sp = 0; sp <= 70; sp += 10) {
            int x = left + sp * width / 70;
            g.drawString(Integer.toString(sp), x - 6, top + height + 14);
        }
        g.setStroke(new BasicStroke(2f));
        for (int m = 0; m < methods.size(); m++) {
            g.setColor(COLORS[m % COLORS.length]);
            int px = -1;
            int py = -1;
            for (DataFreeResult r : rows) {
                if (!r.group().equals(group) || !r.method().equals(methods.get(m))) {
                    continue;
                }
                int x = left + (int) Math.round(r.sparsity() * 100 * width / 70);
                int y = top + height - (int) Math.round(r.accuracy() * height);
                if (px >= 0) {
                    g.drawLine(px, py, x, y);
                }
                g.fillOval(x - 2, y - 2, 5, 5);
                px = x;
                py = y;
            }
        }
        g.setStroke(new BasicStroke(1f));
    }
}
