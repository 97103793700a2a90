package io.plumbline.monitor.html;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;

/**
 * Numbers on the page. What a person reads uses the text report's rule (4 decimals, or 3 significant
 * digits in scientific notation for very small or large values, "-" for none); what a script or test
 * reads is the JSON value's own text in a {@code data-value} attribute, so nothing is rounded twice.
 */
final class Numbers {
    private Numbers() {
    }

    /** Display text of a JSON number (null: "-"; "Infinity" strings stay as they are). */
    static String display(JsonNode node) {
        if (node == null || node.isNull()) {
            return "-";
        }
        if (node.isTextual()) {
            return node.asText().equals("Infinity") ? "∞" : node.asText().equals("-Infinity") ? "-∞" : node.asText();
        }
        return display(node.asDouble());
    }

    static String display(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        if (v == 0 || (Math.abs(v) >= 1e-3 && Math.abs(v) < 1e6)) {
            return String.format(Locale.ROOT, "%.4f", v);
        }
        return String.format(Locale.ROOT, "%.3e", v);
    }

    /** The value exactly as the JSON report writes it, for {@code data-value}; empty for null. */
    static String raw(JsonNode node) {
        return node == null || node.isNull() ? "" : node.asText();
    }

    /** A value on an axis or in a bin label: 4 significant digits. */
    static String axis(double v) {
        if (Math.abs(v) < Double.MIN_NORMAL) {
            return "0"; // the first edge of a feature whose minimum is 0 is nextDown(0)
        }
        String s = String.format(Locale.ROOT, "%.4g", v);
        if (s.contains("e")) {
            return s;
        }
        return s.contains(".") ? s.replaceAll("0+$", "").replaceAll("\\.$", "") : s;
    }

    /** A share as a percentage with one decimal. */
    static String percent(long count, long total) {
        return total == 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * count / total);
    }
}
