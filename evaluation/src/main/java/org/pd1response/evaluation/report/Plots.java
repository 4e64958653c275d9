package org.pd1response.evaluation.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.pd1response.evaluation.metrics.ConfusionMatrix;
import org.pd1response.evaluation.metrics.ModelPerformance;
import org.pd1response.evaluation.metrics.ReliabilityBin;
import org.pd1response.evaluation.metrics.RocAnalysis;
import org.pd1response.evaluation.metrics.RocPoint;

/**
 * Draws the report's figures with Java2D into PNG images, so that the report needs no charting
 * library and no display. Colours come from the Okabe-Ito palette, which stays distinguishable
 * under the common forms of colour blindness; model i always gets colour i.
 */
public final class Plots {

  /** Series colours in order: blue, vermillion, bluish green, reddish purple, orange, sky blue, yellow. */
  public static final List<Color> PALETTE = List.of(
      new Color(0x0072B2), new Color(0xD55E00), new Color(0x009E73), new Color(0xCC79A7),
      new Color(0xE69F00), new Color(0x56B4E9), new Color(0xF0E442));

  /** Colour of the chance and perfect-calibration diagonals. */
  public static final Color REFERENCE_LINE = new Color(0x999999);

  public static final int CURVE_WIDTH = 640;
  public static final int CURVE_HEIGHT = 660;
  public static final int CONFUSION_SIZE = 320;

  /** Plot area of the curve figures, in pixels from the top left corner. */
  static final int LEFT = 70;
  static final int TOP = 40;
  static final int SIDE = 440;

  private Plots() {}

  /** ROC curves of all models on one plot with the chance diagonal and AUC (95 % CI) in the legend. */
  public static BufferedImage roc(String title, List<ModelPerformance> models) {
    BufferedImage image = canvas(CURVE_WIDTH, CURVE_HEIGHT);
    Graphics2D g = graphics(image);
    axes(g, title, "1 - specificity (false positive rate)", "sensitivity (true positive rate)");
    diagonal(g);
    int series = 0;
    for (ModelPerformance model : models) {
      Color colour = PALETTE.get(series % PALETTE.size());
      RocAnalysis roc = model.roc();
      if (roc != null) {
        Path2D path = new Path2D.Double();
        boolean first = true;
        for (RocPoint point : roc.curve()) {
          double x = px(point.falsePositiveRate());
          double y = py(point.truePositiveRate());
          if (first) {
            path.moveTo(x, y);
            first = false;
          } else {
            path.lineTo(x, y);
          }
        }
        g.setColor(colour);
        g.setStroke(new BasicStroke(2.5f));
        g.draw(path);
      }
      String legend = roc == null
          ? model.model() + ": AUC undefined (one class)"
          : String.format(Locale.ROOT, "%s: AUC %.3f (%.3f-%.3f)", model.model(), roc.auc(), roc.ciLower(), roc.ciUpper());
      legend(g, series, colour, legend);
      series++;
    }
    g.dispose();
    return image;
  }

  /** Reliability curves of all models with the perfect-calibration diagonal. */
  public static BufferedImage calibration(String title, List<ModelPerformance> models) {
    BufferedImage image = canvas(CURVE_WIDTH, CURVE_HEIGHT);
    Graphics2D g = graphics(image);
    axes(g, title, "mean predicted probability", "observed fraction of responders");
    diagonal(g);
    int series = 0;
    for (ModelPerformance model : models) {
      Color colour = PALETTE.get(series % PALETTE.size());
      Path2D path = new Path2D.Double();
      boolean first = true;
      g.setColor(colour);
      for (ReliabilityBin bin : model.calibration().reliability()) {
        double x = px(bin.meanPredicted());
        double y = py(bin.observedRate());
        if (first) {
          path.moveTo(x, y);
          first = false;
        } else {
          path.lineTo(x, y);
        }
        g.fill(new Ellipse2D.Double(x - 4, y - 4, 8, 8));
      }
      g.setStroke(new BasicStroke(2f));
      g.draw(path);
      String legend = String.format(Locale.ROOT, "%s: intercept %s, slope %s, Brier %.3f", model.model(),
          format(model.calibration().intercept()), format(model.calibration().slope()), model.calibration().brierScore());
      legend(g, series, colour, legend);
      series++;
    }
    g.dispose();
    return image;
  }

  /**
   * Draws a 2 x 2 confusion matrix with observed classes as rows (responder first) and predicted
   * classes as columns. Each cell is shaded in blue by its count relative to the largest cell, so
   * the darkest cell is the largest.
   */
  public static BufferedImage confusion(String title, ConfusionMatrix matrix) {
    BufferedImage image = canvas(CONFUSION_SIZE, CONFUSION_SIZE);
    Graphics2D g = graphics(image);
    int[][] cells = {
        {matrix.truePositives(), matrix.falseNegatives()},
        {matrix.falsePositives(), matrix.trueNegatives()}};
    int max = Math.max(1, Math.max(Math.max(cells[0][0], cells[0][1]), Math.max(cells[1][0], cells[1][1])));
    int left = 110;
    int top = 80;
    int cell = 95;

    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 13));
    g.drawString(title, 10, 20);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(String.format(Locale.ROOT, "threshold %.3f", matrix.threshold()), 10, 38);
    g.drawString("predicted", left + cell - 25, top - 25);
    g.drawString("R", left + cell / 2 - 4, top - 6);
    g.drawString("NR", left + cell + cell / 2 - 8, top - 6);
    g.drawString("observed R", 10, top + cell / 2 + 4);
    g.drawString("observed NR", 10, top + cell + cell / 2 + 4);

    for (int r = 0; r < 2; r++) {
      for (int c = 0; c < 2; c++) {
        Color fill = shade(cells[r][c] / (double) max);
        g.setColor(fill);
        g.fillRect(left + c * cell, top + r * cell, cell, cell);
        g.setColor(Color.DARK_GRAY);
        g.drawRect(left + c * cell, top + r * cell, cell, cell);
        g.setColor(luminance(fill) < 0.5 ? Color.WHITE : Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
        String text = Integer.toString(cells[r][c]);
        FontMetrics metrics = g.getFontMetrics();
        g.drawString(text, left + c * cell + (cell - metrics.stringWidth(text)) / 2, top + r * cell + cell / 2 + 6);
      }
    }
    g.dispose();
    return image;
  }

  /** Shade from white (0) to dark blue (1). */
  public static Color shade(double fraction) {
    double f = Math.max(0, Math.min(1, fraction));
    return new Color((int) Math.round(255 - f * (255 - 8)), (int) Math.round(255 - f * (255 - 48)),
        (int) Math.round(255 - f * (255 - 107)));
  }

  /** Encodes an image as PNG bytes. */
  public static byte[] png(BufferedImage image) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(image, "png", bytes)) {
        throw new IllegalStateException("no PNG writer available in this JVM");
      }
    } catch (IOException e) {
      throw new IllegalStateException("encoding PNG failed", e);
    }
    return bytes.toByteArray();
  }

  /** Pixel column of a rate in [0, 1] on the curve figures. */
  public static int px(double rate) {
    return (int) Math.round(LEFT + rate * SIDE);
  }

  /** Pixel row of a rate in [0, 1] on the curve figures. */
  public static int py(double rate) {
    return (int) Math.round(TOP + (1 - rate) * SIDE);
  }

  private static BufferedImage canvas(int width, int height) {
    BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, width, height);
    g.dispose();
    return image;
  }

  private static Graphics2D graphics(BufferedImage image) {
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    return g;
  }

  private static void axes(Graphics2D g, String title, String xLabel, String yLabel) {
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(title, LEFT, TOP - 15);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
    g.setStroke(new BasicStroke(1f));
    for (int tick = 0; tick <= 10; tick += 2) {
      double value = tick / 10.0;
      g.setColor(new Color(0xEEEEEE));
      g.drawLine(px(value), TOP, px(value), TOP + SIDE);
      g.drawLine(LEFT, py(value), LEFT + SIDE, py(value));
      g.setColor(Color.BLACK);
      String text = String.format(Locale.ROOT, "%.1f", value);
      g.drawString(text, px(value) - 8, TOP + SIDE + 16);
      g.drawString(text, LEFT - 28, py(value) + 4);
    }
    g.drawRect(LEFT, TOP, SIDE, SIDE);
    g.drawString(xLabel, LEFT + SIDE / 2 - g.getFontMetrics().stringWidth(xLabel) / 2, TOP + SIDE + 34);
    Graphics2D rotated = (Graphics2D) g.create();
    rotated.rotate(-Math.PI / 2);
    rotated.drawString(yLabel, -(TOP + SIDE / 2 + rotated.getFontMetrics().stringWidth(yLabel) / 2), LEFT - 40);
    rotated.dispose();
  }

  private static void diagonal(Graphics2D g) {
    g.setColor(REFERENCE_LINE);
    g.setStroke(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
    g.drawLine(px(0), py(0), px(1), py(1));
  }

  private static void legend(Graphics2D g, int series, Color colour, String text) {
    int y = TOP + SIDE + 50 + series * 16;
    g.setColor(colour);
    g.fillRect(LEFT, y - 9, 18, 10);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(text, LEFT + 26, y);
  }

  private static String format(double value) {
    return Double.isNaN(value) ? "NA" : String.format(Locale.ROOT, "%.2f", value);
  }

  private static double luminance(Color colour) {
    return (0.299 * colour.getRed() + 0.587 * colour.getGreen() + 0.114 * colour.getBlue()) / 255;
  }
}
