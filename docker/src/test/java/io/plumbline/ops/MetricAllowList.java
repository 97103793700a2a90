package io.plumbline.ops;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** The metric names the services expose (src/test/resources/exposed-metrics.txt). */
final class MetricAllowList {
    static final Set<String> NAMES = load();

    private MetricAllowList() {
    }

    /** Names an expression uses that no service exposes. */
    static Set<String> unknown(Set<String> names) {
        return names.stream().filter(n -> !NAMES.contains(n)).collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<String> load() {
        try (InputStream in = MetricAllowList.class.getResourceAsStream("/exposed-metrics.txt")) {
            if (in == null) {
                throw new IllegalStateException("exposed-metrics.txt is missing from the test resources");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .map(l -> l.replaceFirst("#.*", "").trim())
                    .filter(l -> !l.isEmpty())
                    .collect(Collectors.toCollection(TreeSet::new));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
