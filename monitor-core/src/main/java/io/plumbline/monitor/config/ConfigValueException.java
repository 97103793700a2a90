package io.plumbline.monitor.config;

import io.micronaut.context.exceptions.ConfigurationException;

/**
 * A configuration value the service refuses: names the key, the value as given and an example of a good
 * one, in one line an operator can act on. A {@link ConfigurationException}, so both applications' start
 * (serving's {@code OneLineConfigErrors}, the monitor's {@link ConfigErrors}) report it without a stack trace
 * wherever it sits in the cause chain.
 */
public final class ConfigValueException extends ConfigurationException {
    private final String key;
    private final String value;
    private final String example;

    /**
     * @param key the property, as in application.yml ({@code plumbline.monitor.window.size})
     * @param value the value as given (null when empty)
     * @param problem what is wrong, completing "KEY 'VALUE' ..." ({@code "is not a duration"})
     * @param example a value that would be accepted ({@code "5m"})
     */
    public ConfigValueException(String key, Object value, String problem, String example) {
        super(key + " '" + (value == null ? "" : value) + "' " + problem + "; for example " + example + " ("
                + KnownSettings.envName(key) + "=" + example + ")");
        this.key = key;
        this.value = value == null ? "" : String.valueOf(value);
        this.example = example;
    }

    public String key() {
        return key;
    }

    public String value() {
        return value;
    }

    public String example() {
        return example;
    }
}
