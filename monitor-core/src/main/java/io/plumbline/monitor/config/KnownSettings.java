package io.plumbline.monitor.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.env.CommandLinePropertySource;
import io.micronaut.context.env.EnvironmentPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.SystemPropertiesPropertySource;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The {@code plumbline.*} settings the running application reads, found rather than listed: the
 * components of every configuration record ({@code @ConfigurationProperties}) whose bean is enabled, and
 * every key of the application's own YAML (application.yml, monitor-defaults.yml), which also holds the
 * few keys read by {@code @Requires} alone. A hand-kept copy would be the first thing to go stale.
 */
public final class KnownSettings {
    static final String ROOT = "plumbline.";

    /**
     * One record component bound from configuration.
     *
     * @param key its property ({@code plumbline.monitor.window.size})
     * @param type the component's type
     * @param example its {@code @Bindable} default, or null
     * @param open a map or list of entries: any key below {@code key} belongs to it
     */
    public record Setting(String key, Argument<?> type, String example, boolean open) {
    }

    private final List<Setting> settings;
    private final List<BeanDefinition<?>> records;
    private final Set<String> yamlKeys;

    private KnownSettings(List<Setting> settings, List<BeanDefinition<?>> records, Set<String> yamlKeys) {
        this.settings = settings;
        this.records = records;
        this.yamlKeys = yamlKeys;
    }

    public static KnownSettings of(ApplicationContext context) {
        List<Setting> settings = new ArrayList<>();
        List<BeanDefinition<?>> records = new ArrayList<>();
        for (BeanDefinition<?> d : context.getAllBeanDefinitions()) {
            String prefix = d.stringValue(ConfigurationReader.class, ConfigurationReader.PREFIX).orElse("");
            if (!prefix.startsWith(ROOT)) {
                continue;
            }
            if (d.hasDeclaredStereotype(EachProperty.class)) {
                // plumbline.monitor.webhooks[*]: entries under it, by index or name.
                settings.add(new Setting(prefix.replaceAll("(\\[\\*]|\\.\\*)$", ""), Argument.STRING, null, true));
                continue;
            }
            records.add(d);
            for (Argument<?> a : d.getConstructor().getArguments()) {
                boolean open = Map.class.isAssignableFrom(a.getType()) || Collection.class.isAssignableFrom(a.getType());
                String example = a.getAnnotationMetadata().stringValue(Bindable.class, "defaultValue").orElse(null);
                settings.add(new Setting(prefix + "." + NameUtils.hyphenate(a.getName()), a, example, open));
            }
        }
        return new KnownSettings(settings, records, yamlKeys(context.getEnvironment().getPropertySources()));
    }

    /** The components of configuration records: their keys, types and defaults. */
    public List<Setting> bound() {
        return settings;
    }

    /** The enabled configuration records' bean definitions. */
    List<BeanDefinition<?>> records() {
        return records;
    }

    /** Environment variable names of every known key. */
    public Set<String> envNames() {
        Set<String> names = new TreeSet<>();
        settings.forEach(s -> names.add(envName(s.key())));
        yamlKeys.forEach(k -> names.add(envName(k)));
        return names;
    }

    /** Environment variable name prefixes ({@code PLUMBLINE_MONITOR_KAFKA_STREAMS_}) below which any name is known. */
    public Set<String> envPrefixes() {
        Set<String> prefixes = new TreeSet<>();
        settings.stream().filter(Setting::open).forEach(s -> prefixes.add(envName(s.key()) + "_"));
        return prefixes;
    }

    /** Micronaut's mapping: upper case, '.' and '-' as '_' ({@code plumbline.registry.uri} to {@code PLUMBLINE_REGISTRY_URI}). */
    public static String envName(String key) {
        return key.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    /** Keys of the application's own configuration files; not those of the environment, -D or the command line. */
    private static Set<String> yamlKeys(Collection<PropertySource> sources) {
        Set<String> keys = new TreeSet<>();
        for (PropertySource source : sources) {
            String name = source.getName();
            if (name.equals(EnvironmentPropertySource.NAME) || name.equals(SystemPropertiesPropertySource.NAME)
                    || name.equals(CommandLinePropertySource.NAME)) {
                continue;
            }
            for (String key : source) {
                if (key.startsWith(ROOT)) {
                    keys.add(key.replaceAll("\\[\\d+]", ""));
                }
            }
        }
        return keys;
    }
}
