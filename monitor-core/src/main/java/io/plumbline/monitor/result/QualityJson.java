package io.plumbline.monitor.result;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.monitor.window.CategoricalWindow;
import io.plumbline.monitor.window.FeatureWindow;
import io.plumbline.monitor.window.NumericWindow;
import io.plumbline.monitor.window.Violation;
import java.util.Map;

/**
 * The {@code quality} object of a feature in the drift record and the JSON report: the window's counts
 * behind the {@code data.*} gauges, and the ratios those gauges export, computed the same way.
 */
final class QualityJson {
    private QualityJson() {
    }

    static void write(ObjectNode q, FeatureWindow w) {
        q.put("values", w.values());
        q.put("missing", w.missing());
        if (w instanceof NumericWindow n) {
            q.put("nan", n.nan());
        }
        ratio(q, "missingRatio", w.missingOrNaN(), w.values());
        if (w instanceof NumericWindow n) {
            q.put("belowRange", n.countAt(0));
            q.put("aboveRange", n.countAt(n.slots() - 1));
            ratio(q, "outOfRangeRatio", n.outOfRange(), n.count());
        } else {
            CategoricalWindow c = (CategoricalWindow) w;
            q.put("unseen", c.unseen());
            ratio(q, "unseenRatio", c.unseen(), c.count());
            ArrayNode top = q.putArray("topUnseen");
            for (Map.Entry<String, Long> e : c.topUnseen()) {
                top.addObject().put("value", e.getKey()).put("count", e.getValue());
            }
            q.put("topUnseenError", c.topUnseenError());
        }
        ObjectNode violations = q.putObject("violations");
        for (Violation kind : Violation.values()) {
            violations.put(kind.label(), w.violations(kind));
        }
    }

    /** Ratios with nothing to divide by are null, as NaN is everywhere in these records. */
    private static void ratio(ObjectNode q, String name, long part, long whole) {
        if (whole == 0) {
            q.putNull(name);
        } else {
            q.put(name, (double) part / whole);
        }
    }
}
