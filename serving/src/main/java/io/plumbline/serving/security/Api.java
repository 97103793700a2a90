package io.plumbline.serving.security;

import java.util.Locale;

/** The API groups a scope can name; every REST route and gRPC method belongs to exactly one. */
public enum Api {
    /** V2 inference and ground-truth feedback on its predictions, per model. */
    INFER,
    /** Server and model metadata, model readiness. */
    READ,
    /** The repository API (index, load, unload) and anything else that changes state. */
    ADMIN,
    /** Liveness and readiness, which Kubernetes probes call without credentials. */
    PROBE,
    /** {@code /prometheus}, which Prometheus scrapes without credentials. */
    METRICS;

    /** The name in scopes, metrics and configuration: {@code infer}, {@code read}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Api parse(String text) {
        for (Api a : values()) {
            if (a.wireName().equals(text)) {
                return a;
            }
        }
        return null;
    }
}
