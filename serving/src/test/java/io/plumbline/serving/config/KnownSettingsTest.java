package io.plumbline.serving.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.plumbline.monitor.config.KnownSettings;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The names the unknown-variable warning knows are found from the configuration records, not listed by
 * hand; this checks that finding against application.yml: every {@code plumbline.*} key there is read by
 * a record (or is one of the few keys only a {@code @Requires} reads), so a key documented in the file
 * but bound by nothing, or a record the scan misses, fails here.
 */
class KnownSettingsTest {
    /** Read by {@code @Requires} on a bean, not by a record. */
    private static final Set<String> READ_BY_REQUIRES = Set.of("plumbline.monitor.embedded.enabled");

    @Test
    void everyKeyOfApplicationYml_isReadByARecord() throws Exception {
        Map<String, Object> yaml;
        try (InputStream in = getClass().getResourceAsStream("/application.yml")) {
            yaml = new YamlPropertySourceLoader().read("application.yml", in);
        }
        try (ApplicationContext ctx = ApplicationContext.run()) {
            KnownSettings known = KnownSettings.of(ctx);
            Set<String> bound = known.bound().stream().map(KnownSettings.Setting::key).collect(Collectors.toSet());
            List<String> keys = yaml.keySet().stream().filter(k -> k.startsWith("plumbline.")).sorted().toList();
            assertTrue(keys.size() > 40, keys.toString());
            assertEquals(List.of(), keys.stream().filter(k -> !bound.contains(k) && !READ_BY_REQUIRES.contains(k)
                    && known.envPrefixes().stream().noneMatch(KnownSettings.envName(k)::startsWith)).toList(),
                    "keys in application.yml that no configuration record reads");
            for (String k : keys) {
                assertTrue(known.envNames().contains(KnownSettings.envName(k)), k);
            }
        }
    }
}
