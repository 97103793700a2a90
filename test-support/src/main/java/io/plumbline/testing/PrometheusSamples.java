package io.plumbline.testing;

import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The samples of a Prometheus text exposition, as a scraper reads them: each series ({@code name} and its
 * labels as written, e.g. {@code drift_score{feature="x",model="m"}}) and its value. Micrometer writes
 * labels in name order, so two expositions of the same series spell it alike.
 */
public final class PrometheusSamples {
    private static final Pattern SAMPLE = Pattern.compile("(?m)^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\\{[^}]*})?) (\\S+)$");

    private final Map<String, Double> series = new TreeMap<>();

    public PrometheusSamples(String text) {
        Matcher m = SAMPLE.matcher(text);
        while (m.find()) {
            series.put(m.group(1), Double.parseDouble(m.group(2)));
        }
    }

    /** Every series whose name is {@code name} (with any labels), by its spelling. */
    public Map<String, Double> family(String name) {
        Map<String, Double> out = new TreeMap<>();
        series.forEach((k, v) -> {
            if (k.equals(name) || k.startsWith(name + "{")) {
                out.put(k, v);
            }
        });
        return out;
    }

    /** The value of the first series of {@code name} whose labels contain each of {@code labels}; NaN when none. */
    public double value(String name, String... labels) {
        for (Map.Entry<String, Double> e : family(name).entrySet()) {
            boolean all = true;
            for (String l : labels) {
                all &= e.getKey().contains(l);
            }
            if (all) {
                return e.getValue();
            }
        }
        return Double.NaN;
    }
}
