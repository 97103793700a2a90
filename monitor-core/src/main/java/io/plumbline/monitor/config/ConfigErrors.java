package io.plumbline.monitor.config;

import io.micronaut.context.env.Environment;
import io.micronaut.context.exceptions.ConfigurationException;
import io.micronaut.runtime.Micronaut;
import java.util.Optional;
import org.slf4j.LoggerFactory;

/**
 * How both applications end a start that configuration refused: the message of the
 * {@link ConfigurationException} ({@link ConfigValueException} included) found anywhere in the cause
 * chain, on one line, and exit code 1. The operator needs the key to fix, not 40 lines of stack trace.
 */
public class ConfigErrors extends Micronaut {
    public static final int EXIT_CODE = 1;

    private final Class<?> app;

    /** A Micronaut launcher for {@code app} (whose logger reports the refusal). */
    public ConfigErrors(Class<?> app) {
        this.app = app;
        mainClass(app);
    }

    /** The refusal's message, when {@code failure} is (or was caused by) a configuration error. */
    public static Optional<String> message(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConfigurationException) {
                return Optional.ofNullable(t.getMessage());
            }
        }
        return Optional.empty();
    }

    /** Logs "Not starting: ..." and exits 1 when {@code failure} is a configuration error; returns otherwise. */
    public static void exitIfConfigError(Class<?> app, Throwable failure) {
        Optional<String> message = message(failure);
        if (message.isPresent()) {
            LoggerFactory.getLogger(app).error("Not starting: {}", message.get());
            System.exit(EXIT_CODE);
        }
    }

    /** Ends a refused configuration so; other failures as Micronaut does. */
    @Override
    protected void handleStartupException(Environment environment, Throwable exception) {
        exitIfConfigError(app, exception);
        super.handleStartupException(environment, exception);
    }
}
