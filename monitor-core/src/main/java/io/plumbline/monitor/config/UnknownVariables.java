package io.plumbline.monitor.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code PLUMBLINE_*} environment variables that match no setting: Micronaut ignores them without a word,
 * so a typo ({@code PLUMBLINE_MONITOR_WINDOW_SIZ}) would leave the default in force unnoticed. Each gets
 * one warning naming the closest known variable (edit distance).
 */
final class UnknownVariables {
    static final String PREFIX = "PLUMBLINE_";

    private UnknownVariables() {
    }

    /** One line per unknown variable, in name order. */
    static List<String> warnings(Map<String, String> environment, Set<String> known, Set<String> knownPrefixes) {
        List<String> lines = new ArrayList<>();
        for (String name : new TreeSet<>(environment.keySet())) {
            if (!name.startsWith(PREFIX) || known.contains(name)
                    || knownPrefixes.stream().anyMatch(name::startsWith)) {
                continue;
            }
            lines.add("Unknown environment variable " + name + " is ignored: no such setting; did you mean "
                    + closest(name, known) + "?");
        }
        return lines;
    }

    static String closest(String name, Set<String> known) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String k : known) {
            int d = EditDistance.between(name, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best;
    }
}
