package io.plumbline.monitor.html;

import java.util.Locale;

/**
 * Draws the charts as inline SVG on the server, so they show without JavaScript and a browser need not
 * compute anything. Every chart has {@code role="img"}, an {@code aria-label} and a {@code <title>}
 * saying what it shows; the table beside it holds the numbers. Colours are Okabe-Ito (safe for the
 * common colour-vision deficiencies), and colour is never the only cue: current bars are hatched and
 * the current CDF is dashed. Coordinates are whole units of a 1200 x 480 view box (drawn at half size),
 * which keeps the markup short.
 */
final class SvgCharts {
    static final String REFERENCE = "#0072B2";
    static final String CURRENT = "#E69F00";
    static final String KS = "#D55E00";
    static final String PSI = "#009E73";
    static final int W = 1200;
    static final int H = 480;
    static final int LEFT = 90;
    static final int RIGHT = 20;
    static final int TOP = 50;
    static final int BOTTOM = 60;

    private SvgCharts() {
    }

    /** Pattern and marker definitions shared by every chart of the page (ids are document-wide). */
    static String definitions() {
        return "<svg width=\"0\" height=\"0\" aria-hidden=\"true\" focusable=\"false\" style=\"position:absolute\"><defs>"
                + "<pattern id=\"hatch\" patternUnits=\"userSpaceOnUse\" width=\"12\" height=\"12\" patternTransform=\"rotate(45)\">"
                + "<rect width=\"12\" height=\"12\" fill=\"" + CURRENT + "\"/>"
                + "<line x1=\"0\" y1=\"0\" x2=\"0\" y2=\"12\" stroke=\"#000\" stroke-opacity=\".45\" stroke-width=\"4\"/>"
                + "</pattern></defs></svg>\n";
    }

    /** Reference vs current share per coarse bin, bars numbered as in the table below the chart. */
    static String histogram(String feature, CoarseHistogram h) {
        long nRef = CoarseHistogram.total(h.reference());
        long nCur = CoarseHistogram.total(h.current());
        double max = 0;
        for (int i = 0; i < h.size(); i++) {
            max = Math.max(max, share(h.reference()[i], nRef));
            max = Math.max(max, share(h.current()[i], nCur));
        }
        max = max == 0 ? 1 : max;
        StringBuilder b = open("histogram", "Reference and current share of " + feature + " in the " + h.size()
                + " PSI bins; the table below lists the bins and shares");
        axes(b, max, true);
        double slot = (double) (W - LEFT - RIGHT) / h.size();
        for (int i = 0; i < h.size(); i++) {
            double x = LEFT + i * slot;
            double r = share(h.reference()[i], nRef);
            double c = share(h.current()[i], nCur);
            b.append("<g><title>bin ").append(i + 1).append(' ').append(Html.text(h.label(i))).append(": reference ")
                    .append(Numbers.percent(h.reference()[i], nRef)).append(", current ")
                    .append(Numbers.percent(h.current()[i], nCur)).append("</title>");
            bar(b, x + slot * 0.1, slot * 0.4, r / max, REFERENCE);
            bar(b, x + slot * 0.5, slot * 0.4, c / max, "url(#hatch)");
            b.append("</g>");
            label(b, x + slot / 2, H - BOTTOM + 30, String.valueOf(i + 1), "middle");
        }
        label(b, (W + LEFT) / 2.0, H - 8, "PSI bin (see table)", "middle");
        legend(b, "reference", "current", false);
        return b.append("</svg>").toString();
    }

    /** PSI term per coarse bin: where the PSI comes from. */
    static String contributions(String feature, CoarseHistogram h) {
        double[] t = h.contributions();
        double max = 0;
        for (double v : t) {
            max = Math.max(max, v);
        }
        max = max == 0 ? 1 : max;
        StringBuilder b = open("psi", "PSI contribution of each of the " + h.size() + " bins of " + feature
                + "; the terms add up to the PSI; the table below lists them");
        axes(b, max, false);
        double slot = (double) (W - LEFT - RIGHT) / h.size();
        for (int i = 0; i < h.size(); i++) {
            double x = LEFT + i * slot;
            b.append("<g><title>bin ").append(i + 1).append(' ').append(Html.text(h.label(i))).append(": ")
                    .append(Numbers.display(t[i])).append("</title>");
            bar(b, x + slot * 0.2, slot * 0.6, t[i] / max, PSI);
            b.append("</g>");
            label(b, x + slot / 2, H - BOTTOM + 30, String.valueOf(i + 1), "middle");
        }
        label(b, (W + LEFT) / 2.0, H - 8, "PSI bin (see table)", "middle");
        return b.append("</svg>").toString();
    }

    /** The two CDFs at the fine bin edges and the KS distance where it is attained. */
    static String cdf(String feature, CdfCurve c) {
        double lo = c.x()[0];
        double hi = c.x()[c.x().length - 1];
        double span = hi > lo ? hi - lo : 1;
        int k = c.ks();
        String where = Numbers.axis(c.x()[k]);
        StringBuilder b = open("cdf", "Empirical CDFs of " + feature + " at the reference bin edges: KS distance D = "
                + Numbers.display(c.d()) + " at " + where + ", where the reference CDF is "
                + Numbers.display(c.reference()[k]) + " and the current CDF " + Numbers.display(c.current()[k]));
        axes(b, 1, true);
        label(b, LEFT, H - BOTTOM + 30, Numbers.axis(lo), "start");
        label(b, W - RIGHT, H - BOTTOM + 30, Numbers.axis(hi), "end");
        label(b, (W + LEFT) / 2.0, H - 8, feature, "middle");
        polyline(b, c.x(), c.reference(), lo, span, REFERENCE, "");
        polyline(b, c.x(), c.current(), lo, span, CURRENT, " stroke-dasharray=\"14 8\"");
        double x = px(c.x()[k], lo, span);
        double y1 = py(c.reference()[k]);
        double y2 = py(c.current()[k]);
        b.append("<g class=\"ks\" data-d=\"").append(c.d()).append("\"><title>KS D = ").append(Numbers.display(c.d()))
                .append(" at ").append(Html.text(where)).append("</title>")
                .append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"%s\" stroke-width=\"6\"/>",
                        r(x), r(y1), r(x), r(y2), KS))
                .append(String.format(Locale.ROOT, "<circle cx=\"%d\" cy=\"%d\" r=\"8\" fill=\"%s\"/><circle cx=\"%d\" cy=\"%d\" r=\"8\" fill=\"%s\"/>",
                        r(x), r(y1), KS, r(x), r(y2), KS));
        boolean right = x < W / 2.0;
        label(b, x + (right ? 24 : -24), (y1 + y2) / 2 + 8, "D = " + Numbers.display(c.d()), right ? "start" : "end");
        b.append("</g>");
        legend(b, "reference", "current (dashed)", true);
        return b.append("</svg>").toString();
    }

    /** Horizontal bars per category: reference share above, current share (hatched) below. */
    static String categories(String feature, CategoryBars c) {
        String[] names = rows(c);
        long[][] counts = counts(c);
        long nRef = c.referenceTotal();
        long nCur = c.currentTotal();
        double max = 0;
        for (long[] row : counts) {
            max = Math.max(max, Math.max(share(row[0], nRef), share(row[1], nCur)));
        }
        max = max == 0 ? 1 : max;
        int rowH = 44;
        int left = 260;
        int height = TOP + names.length * rowH + 20;
        StringBuilder b = new StringBuilder();
        b.append("<svg class=\"chart\" data-chart=\"categories\" viewBox=\"0 0 ").append(W).append(' ').append(height)
                .append("\" role=\"img\" aria-label=\"").append(Html.text("Reference and current share of each category of "
                        + feature + "; the table below lists them")).append("\"><title>")
                .append(Html.text("Categories of " + feature)).append("</title>");
        for (int i = 0; i < names.length; i++) {
            int y = TOP + i * rowH;
            String name = names[i].length() > 22 ? names[i].substring(0, 21) + "…" : names[i];
            b.append("<g><title>").append(Html.text(names[i])).append(": reference ")
                    .append(Numbers.percent(counts[i][0], nRef)).append(", current ")
                    .append(Numbers.percent(counts[i][1], nCur)).append("</title>");
            label(b, left - 10, y + 26, name, "end");
            double wr = (W - left - 120) * share(counts[i][0], nRef) / max;
            double wc = (W - left - 120) * share(counts[i][1], nCur) / max;
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"%s\"/>",
                    left, y + 2, r(wr), REFERENCE));
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"18\" fill=\"url(#hatch)\"/>",
                    left, y + 20, r(wc)));
            b.append("</g>");
        }
        legend(b, "reference", "current", false);
        return b.append("</svg>").toString();
    }

    /** Row labels of the category chart: shown categories, the rest, and "other (incl. unseen)". */
    static String[] rows(CategoryBars c) {
        int extra = c.restCategories() > 0 ? 2 : 1;
        String[] names = new String[c.names().size() + extra];
        for (int i = 0; i < c.names().size(); i++) {
            names[i] = c.names().get(i);
        }
        if (c.restCategories() > 0) {
            names[c.names().size()] = c.restCategories() + " more reference categories";
        }
        names[names.length - 1] = "other (incl. " + c.unseen() + " unseen)";
        return names;
    }

    /** Reference and current count per row of {@link #rows}. */
    static long[][] counts(CategoryBars c) {
        int extra = c.restCategories() > 0 ? 2 : 1;
        long[][] counts = new long[c.names().size() + extra][];
        for (int i = 0; i < c.names().size(); i++) {
            counts[i] = new long[] {c.reference()[i], c.current()[i]};
        }
        if (c.restCategories() > 0) {
            counts[c.names().size()] = new long[] {c.restReference(), c.restCurrent()};
        }
        counts[counts.length - 1] = new long[] {c.otherReference(), c.otherCurrent()};
        return counts;
    }

    static StringBuilder open(String kind, String description) {
        StringBuilder b = new StringBuilder(2048);
        b.append("<svg class=\"chart\" data-chart=\"").append(kind).append("\" viewBox=\"0 0 ").append(W).append(' ')
                .append(H).append("\" role=\"img\" aria-label=\"").append(Html.text(description)).append("\"><title>")
                .append(Html.text(description)).append("</title>");
        return b;
    }

    /** Frame, and y ticks at 0, half and max (as percentages when {@code percent}). */
    static void axes(StringBuilder b, double max, boolean percent) {
        b.append(String.format(Locale.ROOT, "<path d=\"M%d %dV%dH%d\" fill=\"none\" stroke=\"#444\" stroke-width=\"2\"/>",
                LEFT, TOP, H - BOTTOM, W - RIGHT));
        for (double f : new double[] {0, 0.5, 1}) {
            double y = H - BOTTOM - f * (H - TOP - BOTTOM);
            String text = percent ? String.format(Locale.ROOT, "%.0f%%", 100 * f * max)
                    : String.format(Locale.ROOT, "%.2g", f * max);
            label(b, LEFT - 8, y + 8, text, "end");
            if (f > 0) {
                b.append(String.format(Locale.ROOT, "<path d=\"M%d %dH%d\" stroke=\"#ccc\" stroke-width=\"1\"/>",
                        LEFT, r(y), W - RIGHT));
            }
        }
    }

    private static void bar(StringBuilder b, double x, double width, double fraction, String fill) {
        double h = fraction * (H - TOP - BOTTOM);
        b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"%s\"/>",
                r(x), r(H - BOTTOM - h), r(width), r(h), fill));
    }

    private static void polyline(StringBuilder b, double[] x, double[] y, double lo, double span, String colour,
            String extra) {
        b.append("<polyline fill=\"none\" stroke=\"").append(colour).append("\" stroke-width=\"4\"").append(extra)
                .append(" points=\"");
        for (int i = 0; i < x.length; i++) {
            if (i > 0) {
                b.append(' ');
            }
            b.append(r(px(x[i], lo, span))).append(',').append(r(py(y[i])));
        }
        b.append("\"/>");
    }

    /** Legend: boxes for bars, line samples (solid, dashed) for the CDF chart. */
    private static void legend(StringBuilder b, String reference, String current, boolean lines) {
        int x = W - RIGHT - 460;
        if (lines) {
            b.append(String.format(Locale.ROOT, "<path d=\"M%d 18h40\" stroke=\"%s\" stroke-width=\"4\"/>", x, REFERENCE));
            b.append(String.format(Locale.ROOT, "<path d=\"M%d 18h40\" stroke=\"%s\" stroke-width=\"4\" stroke-dasharray=\"14 8\"/>",
                    x + 200, CURRENT));
        } else {
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"28\" height=\"20\" fill=\"%s\"/>", x, REFERENCE));
            b.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"8\" width=\"28\" height=\"20\" fill=\"url(#hatch)\"/>", x + 200));
        }
        label(b, x + 48, 26, reference, "start");
        label(b, x + 248, 26, current, "start");
    }

    static void label(StringBuilder b, double x, double y, String text, String anchor) {
        b.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"%s\">", r(x), r(y), anchor))
                .append(Html.text(text)).append("</text>");
    }

    private static double px(double value, double lo, double span) {
        return LEFT + (value - lo) / span * (W - LEFT - RIGHT);
    }

    private static double py(double f) {
        return H - BOTTOM - f * (H - TOP - BOTTOM);
    }

    private static double share(long count, long total) {
        return total == 0 ? 0 : (double) count / total;
    }

    static long r(double v) {
        return Math.round(v);
    }
}
