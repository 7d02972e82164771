package io.recon.cli.plot;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** A small PNG chart renderer (headless AWT): line series, bars, vertical markers, axes with ticks, a legend. */
public final class Chart {
    private static final Color[] PALETTE = {new Color(31, 119, 180), new Color(255, 127, 14), new Color(44, 160, 44),
        new Color(214, 39, 40), new Color(148, 103, 189)};
    private static final int W = 800;
    private static final int H = 500;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;

    private record Series(String label, double[] x, double[] y, boolean bars, Color color) {}

    private record Marker(String label, double x, Color color) {}

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();
    private final List<Marker> markers = new ArrayList<>();
    private Double xMin;
    private Double xMax;
    private Double yMin;
    private Double yMax;

    public Chart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public Chart line(String label, double[] x, double[] y) {
        series.add(new Series(label, x, y, false, PALETTE[series.size() % PALETTE.length]));
        return this;
    }

    public Chart bars(String label, double[] x, double[] y) {
        series.add(new Series(label, x, y, true, PALETTE[series.size() % PALETTE.length]));
        return this;
    }

    public Chart marker(String label, double x) {
        markers.add(new Marker(label, x, new Color(214, 39, 40)));
        return this;
    }

    public Chart range(double x0, double x1, double y0, double y1) {
        xMin = x0;
        xMax = x1;
        yMin = y0;
        yMax = y1;
        return this;
    }

    public void write(Path file) throws IOException {
        System.setProperty("java.awt.headless", "true");
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, W, H);
        double x0 = xMin != null ? xMin : min(true);
        double x1 = xMax != null ? xMax : max(true);
        double y0 = yMin != null ? yMin : Math.min(0, min(false));
        double y1 = yMax != null ? yMax : max(false) * 1.05;
        if (x1 <= x0) {
            x1 = x0 + 1;
        }
        if (y1 <= y0) {
            y1 = y0 + 1;
        }
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.setColor(new Color(235, 235, 235));
        for (int t = 0; t <= 5; t++) {
            int yy = TOP + ph - t * ph / 5;
            int xx = LEFT + t * pw / 5;
            g.drawLine(LEFT, yy, LEFT + pw, yy);
            g.drawLine(xx, TOP, xx, TOP + ph);
        }
        g.setColor(Color.DARK_GRAY);
        g.drawRect(LEFT, TOP, pw, ph);
        boolean integerX = series.stream().allMatch(ser -> java.util.Arrays.stream(ser.x).allMatch(v -> v == Math.rint(v)))
                && x1 - x0 >= 5;
        for (int t = 0; t <= 5; t++) {
            double xv = x0 + t * (x1 - x0) / 5;
            String xs = integerX ? Long.toString(Math.round(xv)) : fmt(xv);
            String ys = fmt(y0 + t * (y1 - y0) / 5);
            g.drawString(xs, LEFT + t * pw / 5 - g.getFontMetrics().stringWidth(xs) / 2, TOP + ph + 18);
            g.drawString(ys, LEFT - 8 - g.getFontMetrics().stringWidth(ys), TOP + ph - t * ph / 5 + 4);
        }
        for (Series s : series) {
            g.setColor(s.color);
            if (s.bars) {
                double width = s.x.length > 1 ? (s.x[1] - s.x[0]) : (x1 - x0) / 50;
                for (int i = 0; i < s.x.length; i++) {
                    int left = px(s.x[i] - width / 2, x0, x1, pw);
                    int right = px(s.x[i] + width / 2, x0, x1, pw);
                    int top = py(s.y[i], y0, y1, ph);
                    g.fillRect(left, top, Math.max(1, right - left - 1), TOP + ph - top);
                }
            } else {
                g.setStroke(new BasicStroke(2f));
                Path2D.Double path = new Path2D.Double();
                for (int i = 0; i < s.x.length; i++) {
                    if (i == 0) {
                        path.moveTo(px(s.x[i], x0, x1, pw), py(s.y[i], y0, y1, ph));
                    } else {
                        path.lineTo(px(s.x[i], x0, x1, pw), py(s.y[i], y0, y1, ph));
                    }
                }
                g.draw(path);
            }
        }
        g.setStroke(new BasicStroke(2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        for (Marker m : markers) {
            g.setColor(m.color);
            int xx = px(m.x, x0, x1, pw);
            g.drawLine(xx, TOP, xx, TOP + ph);
        }
        g.setStroke(new BasicStroke(1f));
        int ly = TOP + 18;
        for (Series s : series) {
            g.setColor(s.color);
            g.fillRect(LEFT + pw - 200, ly - 9, 12, 10);
            g.setColor(Color.DARK_GRAY);
            g.drawString(s.label, LEFT + pw - 182, ly);
            ly += 18;
        }
        for (Marker m : markers) {
            g.setColor(m.color);
            g.drawLine(LEFT + pw - 200, ly - 4, LEFT + pw - 188, ly - 4);
            g.setColor(Color.DARK_GRAY);
            g.drawString(m.label, LEFT + pw - 182, ly);
            ly += 18;
        }
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, TOP - 18);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
        g.drawString(xLabel, LEFT + pw / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, H - 18);
        g.rotate(-Math.PI / 2);
        g.drawString(yLabel, -(TOP + ph / 2) - g.getFontMetrics().stringWidth(yLabel) / 2, 20);
        g.dispose();
        ImageIO.write(img, "png", file.toFile());
    }

    private static int px(double x, double x0, double x1, int pw) {
        return LEFT + (int) Math.round((x - x0) / (x1 - x0) * pw);
    }

    private static int py(double y, double y0, double y1, int ph) {
        return TOP + ph - (int) Math.round((Math.max(y0, Math.min(y1, y)) - y0) / (y1 - y0) * ph);
    }

    private double min(boolean x) {
        return extent(x, false, 0);
    }

    private double max(boolean x) {
        return extent(x, true, 1);
    }

    /** Smallest or largest finite value of the series' x or y (markers count on x); {@code empty} when there is none. */
    private double extent(boolean x, boolean largest, double empty) {
        double m = largest ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        for (Series s : series) {
            for (double v : x ? s.x : s.y) {
                if (Double.isFinite(v)) {
                    m = largest ? Math.max(m, v) : Math.min(m, v);
                }
            }
        }
        if (x) {
            for (Marker mk : markers) {
                m = largest ? Math.max(m, mk.x) : Math.min(m, mk.x);
            }
        }
        return Double.isFinite(m) ? m : empty;
    }

    static String fmt(double v) {
        double a = Math.abs(v);
        if (a != 0 && (a < 0.01 || a >= 100000)) {
            return String.format("%.1e", v);
        }
        return a >= 100 ? String.format("%.0f", v) : String.format("%.2f", v);
    }
}
