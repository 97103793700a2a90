package io.plumbline.serving.monitor;

import io.micronaut.context.annotation.Value;
import io.plumbline.monitor.page.DriftElsewhere;
import io.plumbline.serving.events.EventSink;
import io.plumbline.serving.events.KafkaEventsConfig;
import jakarta.inject.Singleton;
import java.util.Optional;

/**
 * What serving's {@code GET /drift} says when this process runs no monitor: with the events going to
 * Kafka, the monitor service computes drift and serves the page (its port, 8082 by default; see
 * monitor/MONITOR.md); with the sink {@code none} or the embedded monitor switched off, nothing does.
 */
@Singleton
final class ServingDriftElsewhere implements DriftElsewhere {
    private final Optional<String> note;

    ServingDriftElsewhere(EventSink sink, KafkaEventsConfig kafka,
            @Value("${plumbline.monitor.embedded.enabled:true}") boolean embedded) {
        this.note = switch (sink.kind()) {
            case KAFKA -> Optional.of("This serving instance sends its prediction events to Kafka (topic " + kafka.topic()
                    + "), so drift is computed by the monitor service (plumbline-monitor.jar run), not here. Its live"
                    + " drift page is GET /drift on the monitor's port, 8082 by default: http://<monitor host>:8082/drift"
                    + " (monitor/MONITOR.md, Live drift page).");
            case NONE -> Optional.of("Prediction events are off in this serving instance (plumbline.events.sink: none),"
                    + " so no drift is computed. Remove the setting for the embedded monitor, or set"
                    + " plumbline.events.kafka.bootstrap-servers and run the monitor service.");
            case EMBEDDED -> embedded ? Optional.empty() : Optional.of("The embedded drift monitor is off"
                    + " (plumbline.monitor.embedded.enabled: false), so no drift is computed here.");
        };
    }

    @Override
    public Optional<String> note() {
        return note;
    }
}
