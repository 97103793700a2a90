package io.plumbline.monitor.config;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.annotation.ConfigurationReader;
import io.micronaut.context.annotation.Context;
import io.micronaut.core.annotation.Order;
import io.micronaut.core.bind.annotation.Bindable;
import io.micronaut.core.naming.NameUtils;
import io.micronaut.core.order.Ordered;
import io.micronaut.core.reflect.ReflectionUtils;
import io.micronaut.core.type.Argument;
import io.micronaut.inject.BeanDefinition;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks the configuration as the application starts (serving and {@code plumbline-monitor.jar run} alike),
 * before anything acts on it:
 * <ul>
 *   <li>warns once about each {@code PLUMBLINE_*} environment variable that names no setting;</li>
 *   <li>every value given for a record component must convert to its type. Micronaut binds a value it
 *       cannot convert ({@code PLUMBLINE_MONITOR_WINDOW_SIZE=5}) as if it were absent, so the
 *       {@code @Bindable} default would silently win; here it stops the start with a
 *       {@link ConfigValueException};</li>
 *   <li>every configuration record is built now, so the range checks of their compact constructors
 *       refuse a bad value at start, not when a record is first used.</li>
 * </ul>
 */
@Context
@Order(Ordered.HIGHEST_PRECEDENCE)
final class ConfigCheck {
    private static final Logger LOG = LoggerFactory.getLogger(ConfigCheck.class);

    @Inject
    ConfigCheck(ApplicationContext context) {
        this(context, System.getenv());
    }

    ConfigCheck(ApplicationContext context, Map<String, String> environment) {
        KnownSettings known = KnownSettings.of(context);
        UnknownVariables.warnings(environment, known.envNames(), known.envPrefixes()).forEach(LOG::warn);
        for (KnownSettings.Setting s : known.bound()) {
            if (!s.open()) {
                context.getProperty(s.key(), String.class).ifPresent(raw -> check(context, s, raw));
            }
        }
        for (BeanDefinition<?> record : known.records()) {
            if (complete(context, record)) {
                context.getBean(record);
            }
        }
    }

    /**
     * Whether every value the record needs is there. One that lacks a required value (the monitor's
     * {@code kafka.bootstrap-servers} in serving) belongs to a part that is off, and is not built here.
     */
    private static boolean complete(ApplicationContext context, BeanDefinition<?> record) {
        String prefix = record.stringValue(ConfigurationReader.class, ConfigurationReader.PREFIX).orElseThrow();
        for (Argument<?> a : record.getConstructor().getArguments()) {
            boolean required = !a.isNullable() && !a.isPrimitive()
                    && a.getAnnotationMetadata().stringValue(Bindable.class, "defaultValue").isEmpty();
            if (required && !context.containsProperty(prefix + "." + NameUtils.hyphenate(a.getName()))) {
                return false;
            }
        }
        return true;
    }

    private static void check(ApplicationContext context, KnownSettings.Setting s, String raw) {
        Class<?> type = ReflectionUtils.getWrapperType(s.type().getType());
        String example = s.example() != null ? s.example() : example(type);
        if (type == Duration.class) {
            // Ours is the stricter reading (a bare "5" is refused); Micronaut's must also accept it, as it binds.
            DurationText.parse(raw, s.key(), example);
            if (converted(context, s, Duration.class).isEmpty()) {
                throw new ConfigValueException(s.key(), raw, "is not a duration Micronaut reads (no spaces; "
                        + "a number and ms, s, m, h or d)", example);
            }
        } else if (type == Boolean.class) {
            String b = raw.trim().toLowerCase(Locale.ROOT);
            if (!b.equals("true") && !b.equals("false")) {
                throw new ConfigValueException(s.key(), raw, "is not true or false", example);
            }
        } else if (Number.class.isAssignableFrom(type) || type.isEnum()) {
            if (converted(context, s, type).isEmpty()) {
                String what = type.isEnum() ? "one of the accepted values"
                        : type == Double.class || type == Float.class ? "a number" : "a whole number";
                throw new ConfigValueException(s.key(), raw, "is not " + what, example);
            }
        }
    }

    private static Optional<?> converted(ApplicationContext context, KnownSettings.Setting s, Class<?> type) {
        return context.getProperty(s.key(), Argument.of(type));
    }

    private static String example(Class<?> type) {
        if (type == Duration.class) {
            return "30s";
        }
        if (type == Double.class || type == Float.class) {
            return "0.5";
        }
        return type == Boolean.class ? "true" : "10";
    }
}
