package org.splitfuse.spark.charts;

import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.LegendItemSource;
import org.jfree.chart.block.BlockBorder;
import org.jfree.chart.block.LengthConstraintType;
import org.jfree.chart.block.RectangleConstraint;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.title.Title;
import org.jfree.chart.ui.HorizontalAlignment;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;

/**
 * One PNG: a title, a caption (what data, model and K the numbers come from), optionally one
 * legend shared by every panel, and the panels (JFreeChart charts) in a grid.
 */
public final class Figure {

    private final String title;
    private final String caption;
    private final List<JFreeChart> panels = new ArrayList<>();
    private int columns = 3;
    private int panelWidth = 520;
    private int panelHeight = 400;
    private LegendItemSource sharedLegend;

    public Figure(String title, String caption) {
        this.title = title;
        this.caption = caption;
    }

    public Figure add(JFreeChart panel) {
        panels.add(panel);
        return this;
    }

    public Figure columns(int n) {
        this.columns = n;
        return this;
    }

    public Figure panelSize(int width, int height) {
        this.panelWidth = width;
        this.panelHeight = height;
        return this;
    }

    /** One legend for the whole figure, from this plot's series (the panels then draw none of their own). */
    public Figure sharedLegend(LegendItemSource source) {
        this.sharedLegend = source;
        return this;
    }

    public byte[] toPng() {
        System.setProperty("java.awt.headless", "true");
        int cols = Math.max(1, Math.min(columns, panels.size()));
        int rows = Math.max(1, (panels.size() + cols - 1) / cols);
        int width = cols * panelWidth;
        TextTitle main = new TextTitle(title, new Font(Font.SANS_SERIF, Font.BOLD, 20));
        main.setPosition(RectangleEdge.TOP);
        main.setPadding(new RectangleInsets(10, 10, 2, 10));
        TextTitle sub = new TextTitle(caption, new Font(Font.SANS_SERIF, Font.PLAIN, 14));
        sub.setPaint(new Color(0x333333));
        sub.setPadding(new RectangleInsets(2, 20, 6, 20));
        sub.setMaximumLinesToDisplay(4);
        LegendTitle legend = null;
        if (sharedLegend != null) {
            legend = new LegendTitle(sharedLegend);
            legend.setItemFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
            legend.setFrame(BlockBorder.NONE);
            legend.setHorizontalAlignment(HorizontalAlignment.CENTER);
            legend.setPadding(new RectangleInsets(2, 10, 8, 10));
        }
        // measure the header on a scratch image: the caption wraps to the figure's width
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        double headerHeight = height(main, sg, width) + height(sub, sg, width) + (legend == null ? 0 : height(legend, sg, width));
        sg.dispose();
        int top = (int) Math.ceil(headerHeight);
        BufferedImage image = new BufferedImage(width, top + rows * panelHeight, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, image.getWidth(), image.getHeight());
        double y = 0;
        y += draw(main, g, width, y);
        y += draw(sub, g, width, y);
        if (legend != null) {
            draw(legend, g, width, y);
        }
        for (int i = 0; i < panels.size(); i++) {
            JFreeChart chart = panels.get(i);
            if (sharedLegend != null) {
                chart.removeLegend();
            }
            chart.draw(g, new Rectangle2D.Double((i % cols) * panelWidth, top + (i / cols) * panelHeight, panelWidth,
                    panelHeight));
        }
        g.dispose();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode the figure '" + title + "' as PNG", e);
        }
        return bytes.toByteArray();
    }

    /** Writes the PNG beside its final name, then renames it: a reader never sees half a file. */
    public Path write(Path png) throws IOException {
        writeAtomically(png, toPng());
        return png;
    }

    public static void writeAtomically(Path file, byte[] bytes) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve("." + file.getFileName() + "." + java.util.UUID.randomUUID() + ".tmp");
        try {
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static org.jfree.chart.ui.Size2D size(Title t, Graphics2D g, int width) {
        return t.arrange(g, new RectangleConstraint(width, null, LengthConstraintType.FIXED, 0, null, LengthConstraintType.NONE));
    }

    private static double height(Title t, Graphics2D g, int width) {
        return size(t, g, width).getHeight();
    }

    /** Draws the title centred across the figure; returns its height. */
    private static double draw(Title t, Graphics2D g, int width, double y) {
        org.jfree.chart.ui.Size2D size = size(t, g, width);
        double w = Math.min(width, size.getWidth());
        t.draw(g, new Rectangle2D.Double((width - w) / 2, y, w, size.getHeight()));
        return size.getHeight();
    }
}
