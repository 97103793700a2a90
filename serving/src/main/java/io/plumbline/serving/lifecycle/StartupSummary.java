package io.plumbline.serving.lifecycle;

import io.micronaut.context.BeanProvider;
import io.micronaut.context.env.Environment;
import io.micronaut.context.event.ApplicationEventListener;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.grpc.server.GrpcEmbeddedServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.serving.events.EventSink;
import io.plumbline.serving.events.KafkaEventsConfig;
import io.plumbline.serving.events.SinkKind;
import io.plumbline.serving.registry.ModelStartup;
import io.plumbline.serving.registry.ModelsLoaded;
import io.plumbline.serving.registry.ReadinessRequirement;
import io.plumbline.serving.security.SecurityState;
import io.plumbline.serving.tls.TlsConfig;
import jakarta.inject.Singleton;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One INFO summary once the first load of the repository is done: where the server listens, what it
 * serves and whether each model is monitored, where prediction events go, what security is on, and
 * whether it is ready. An operator reading the first screen of a log should not have to piece this
 * together from a dozen lines, or guess the effective configuration.
 */
@Singleton
final class StartupSummary implements ApplicationEventListener<ModelsLoaded> {
    private static final Logger LOG = LoggerFactory.getLogger(StartupSummary.class);
    /** Model lines shown; a repository of hundreds of models gets a count for the rest. */
    private static final int MAX_MODEL_LINES = 20;
    static final String PROFILE = "reference-profile.json";

    private final Environment env;
    private final EmbeddedServer http;
    private final GrpcEmbeddedServer grpc;
    private final TlsConfig tls;
    private final ModelCatalog catalog;
    private final ModelStartup startup;
    private final ReadinessRequirement requirement;
    private final Readiness readiness;
    private final EventSink events;
    private final KafkaEventsConfig kafka;
    /** Looked up only when the embedded monitor runs: creating it registers the monitor's meters. */
    private final BeanProvider<MonitorCore> monitor;
    private final SecurityState security;

    StartupSummary(Environment env, EmbeddedServer http, @Nullable GrpcEmbeddedServer grpc, TlsConfig tls,
            ModelCatalog catalog, ModelStartup startup, ReadinessRequirement requirement, Readiness readiness,
            EventSink events, KafkaEventsConfig kafka, BeanProvider<MonitorCore> monitor, SecurityState security) {
        this.env = env;
        this.http = http;
        this.grpc = grpc;
        this.tls = tls;
        this.catalog = catalog;
        this.startup = startup;
        this.requirement = requirement;
        this.readiness = readiness;
        this.events = events;
        this.kafka = kafka;
        this.monitor = monitor;
        this.security = security;
    }

    @Override
    public void onApplicationEvent(ModelsLoaded event) {
        LOG.info(text(event));
    }

    String text(ModelsLoaded event) {
        StringBuilder b = new StringBuilder("Plumbline serving started\n");
        b.append("  listening: HTTP ").append(address("micronaut.server.host", http.getPort()));
        if (grpc != null) {
            b.append(", gRPC ").append(address("grpc.server.host", grpc.getPort()));
        }
        b.append("; TLS ").append(tls.enabled() ? "on (client certificates: " + tls.clientAuth() + ")" : "off")
                .append('\n');
        Duration poll = startup.pollInterval();
        List<LoadedModel> loaded = catalog.loaded();
        b.append("  repository: ").append(catalog.repository().describe())
                .append(poll == null ? " (not polled)" : " (polled every " + text(poll) + ")").append(": ")
                .append(loaded.size()).append(" model version(s) loaded in ").append(event.millis()).append(" ms\n");
        modelLines(b, loaded);
        b.append("  events: ").append(eventsText()).append("; drift monitor: ").append(monitorText()).append('\n');
        b.append("  security: authentication ").append(security.authentication() ? "on" : "off")
                .append(", repository API ").append(security.repositoryApi() ? "on" : "off").append('\n');
        Optional<String> notReady = readiness.notReadyReason();
        b.append("  readiness (").append(requirement.describe()).append("): ")
                .append(notReady.map(r -> "NOT ready: " + r).orElse("ready"));
        return b.toString();
    }

    /** {@code 127.0.0.1:8080}, or {@code *:8080 (all interfaces)} when no host is configured. */
    private String address(String key, int port) {
        Optional<String> host = env.getProperty(key, String.class).filter(h -> !h.isBlank());
        return host.map(h -> h + ":" + port).orElse("*:" + port + " (all interfaces; " + key + " to bind one)");
    }

    private void modelLines(StringBuilder b, List<LoadedModel> loaded) {
        Map<String, List<LoadedModel>> byModel = new LinkedHashMap<>();
        loaded.forEach(m -> byModel.computeIfAbsent(m.name(), k -> new ArrayList<>()).add(m));
        int shown = 0;
        for (Map.Entry<String, List<LoadedModel>> e : byModel.entrySet()) {
            if (shown++ == MAX_MODEL_LINES) {
                b.append("    ... and ").append(byModel.size() - MAX_MODEL_LINES).append(" more model(s)\n");
                break;
            }
            List<String> versions = new ArrayList<>();
            List<String> withProfile = new ArrayList<>();
            for (LoadedModel m : e.getValue()) {
                versions.add(m.versionLabel());
                Path dir = m.directory();
                if (dir != null && Files.isRegularFile(dir.resolve(PROFILE))) {
                    withProfile.add(m.versionLabel());
                }
            }
            b.append("    ").append(e.getKey()).append(" version(s) ").append(String.join(", ", versions)).append(": ")
                    .append(monitoredText(versions, withProfile)).append('\n');
        }
    }

    private String monitoredText(List<String> versions, List<String> withProfile) {
        if (withProfile.isEmpty()) {
            return "not monitored (no " + PROFILE + ")";
        }
        if (!monitorActive()) {
            return "not monitored (reference profile found, but events are off)";
        }
        if (withProfile.size() == versions.size()) {
            return "monitored (reference profile found)";
        }
        return "monitored: version(s) " + String.join(", ", withProfile) + " (the others have no " + PROFILE + ")";
    }

    private boolean monitorActive() {
        return events.kind() == SinkKind.KAFKA || events.kind() == SinkKind.EMBEDDED
                && env.getProperty("plumbline.monitor.embedded.enabled", Boolean.class).orElse(true)
                && monitor.isPresent();
    }

    private String eventsText() {
        return switch (events.kind()) {
            case KAFKA -> "kafka at " + kafka.bootstrapServers() + ", topic " + kafka.topic();
            case EMBEDDED -> "embedded (in-process queue)";
            case NONE -> "none";
        };
    }

    private String monitorText() {
        return switch (events.kind()) {
            case KAFKA -> "external (plumbline-monitor.jar run reads " + kafka.topic() + ")";
            case EMBEDDED -> monitorActive() ? "embedded, " + text(monitor.get().window().size()) + " windows"
                    : "off (plumbline.monitor.embedded.enabled is false)";
            case NONE -> "off (no events)";
        };
    }

    private static String text(Duration d) {
        long ms = d.toMillis();
        if (ms % 60_000 == 0 && ms > 0) {
            return ms / 60_000 + "m";
        }
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
