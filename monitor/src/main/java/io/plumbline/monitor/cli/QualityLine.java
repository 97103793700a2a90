package io.plumbline.monitor.cli;

import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import io.plumbline.monitor.window.Violation;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The text report's data-quality line under a feature, printed only when there is something to say:
 * values out of the reference range, unseen categories (the most frequent by name), type violations.
 * Missing and invalid counts are on the line above it.
 */
final class QualityLine {
    private QualityLine() {
    }

    static void print(FeatureWindow w, PrintStream out) {
        if (w == null) {
            return;
        }
        List<String> parts = new ArrayList<>();
        if (w instanceof NumericWindow n && n.outOfRange() > 0) {
            parts.add(String.format(Locale.ROOT, "out of reference range: %d (%d below, %d above)", n.outOfRange(),
                    n.countAt(0), n.countAt(n.slots() - 1)));
        }
        if (w instanceof CategoricalWindow c && !c.topUnseen().isEmpty()) {
            StringBuilder top = new StringBuilder("top unseen: ");
            for (Map.Entry<String, Long> e : c.topUnseen()) {
                top.append(top.length() > 12 ? ", " : "").append(e.getKey()).append(" (").append(e.getValue()).append(')');
            }
            if (c.topUnseenError() > 0) {
                top.append(" (counts at most ").append(c.topUnseenError()).append(" low)");
            }
            parts.add(top.toString());
        }
        for (Violation kind : Violation.values()) {
            if (w.violations(kind) > 0) {
                parts.add(kind.label() + " violations: " + w.violations(kind));
            }
        }
        if (!parts.isEmpty()) {
            out.printf(Locale.ROOT, "%-20s %s%n", "", String.join(", ", parts));
        }
    }
}
