package io.plumbline.serving.events;

import java.util.Locale;

/** Where prediction events go; chosen once at start-up from configuration. */
public enum SinkKind {
    /** The Kafka topic {@code plumbline.events.kafka.topic}. */
    KAFKA,
    /** An in-process queue that the embedded monitor drains. */
    EMBEDDED,
    /** Nowhere: no events are built. */
    NONE;

    /**
     * {@code plumbline.events.sink} when set; otherwise Kafka when bootstrap servers are configured,
     * else the embedded queue, so a bare start needs nothing installed.
     */
    static SinkKind select(String explicit, String bootstrapServers) {
        if (explicit != null && !explicit.isBlank()) {
            for (SinkKind k : values()) {
                if (k.configName().equals(explicit.trim().toLowerCase(Locale.ROOT))) {
                    return k;
                }
            }
            throw new IllegalArgumentException("plumbline.events.sink '" + explicit + "' is not one of kafka, "
                    + "embedded, none");
        }
        return bootstrapServers != null && !bootstrapServers.isBlank() ? KAFKA : EMBEDDED;
    }

    /** The name used in configuration. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
