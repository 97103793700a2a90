package io.plumbline.monitor.app;

import io.micronaut.context.ApplicationContext;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.runtime.Micronaut;
import io.plumbline.monitor.config.ConfigErrors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Map;

/**
 * {@code plumbline-monitor.jar run}: the monitor service. Its defaults ({@code monitor-defaults.yml}
 * beside this class: port 8082, /prometheus, Kafka on localhost:9092) sit below application.yml,
 * environment variables and system properties, so any of those overrides them. They are not named
 * application.yml because serving has this module on its classpath and must not pick them up.
 */
public final class MonitorApp {
    static final String DEFAULTS = "monitor-defaults.yml";
    static final String LOGBACK = "plumbline-monitor-logback.xml";
    /**
     * From the stop signal to the JVM's exit, at most (then it halts): StreamsService's close bound (10 s)
     * and 10 s for the rest. A literal: naming StreamsService here would start logging before main chose
     * the configuration.
     */
    static final Duration STOP_BOUND = Duration.ofSeconds(20);

    private MonitorApp() {
    }

    public static void main(String[] args) {
        // Before anything logs: the monitor's logging config, unless the operator named one.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", LOGBACK);
        }
        // A stop signal always ends the process, even if closing something hangs (StreamsService bounds its own
        // close to 10 s; this is the last resort).
        ExitWatchdog.install(STOP_BOUND);
        // A refused configuration ends the start with one line and exit code 1, as serving's does.
        new ConfigErrors(MonitorApp.class).args(args).banner(false).propertySources(defaults()).start();
    }

    /** Starts the service and returns its running context (the caller closes it; a failure is thrown). */
    public static ApplicationContext start(String... args) {
        return Micronaut.build(args).mainClass(MonitorApp.class).banner(false).propertySources(defaults()).start();
    }

    static PropertySource defaults() {
        try (InputStream in = MonitorApp.class.getResourceAsStream(DEFAULTS)) {
            if (in == null) {
                throw new IllegalStateException(DEFAULTS + " is missing from the monitor jar");
            }
            Map<String, Object> values = new YamlPropertySourceLoader().read(DEFAULTS, in);
            // Below application.yml (-300), environment (-200) and system properties (-100).
            return PropertySource.of("plumbline-monitor-defaults", values, -400);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
