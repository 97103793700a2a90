package io.plumbline.serving.events;

import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.context.annotation.Bean;
import io.micronaut.context.annotation.Factory;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the one {@link EventSink} the configuration selects (see {@link SinkKind#select}). */
@Factory
final class EventSinkFactory {
    private static final Logger LOG = LoggerFactory.getLogger(EventSinkFactory.class);

    @Singleton
    EventCounters eventCounters(MeterRegistry registry) {
        return new EventCounters(registry);
    }

    @Singleton
    @Bean(preDestroy = "close")
    EventSink eventSink(EventsConfig events, KafkaEventsConfig kafka, EventCounters counters, MeterRegistry registry) {
        SinkKind kind = SinkKind.select(events.sink(), kafka.bootstrapServers());
        return switch (kind) {
            case KAFKA -> {
                if (kafka.bootstrapServers() == null || kafka.bootstrapServers().isBlank()) {
                    throw new IllegalArgumentException("plumbline.events.sink is kafka but "
                            + "plumbline.events.kafka.bootstrap-servers is not set");
                }
                LOG.info("Prediction events: Kafka at {}, topic {}, sample rate {}, format {}",
                        kafka.bootstrapServers(), kafka.topic(), events.sampleRate(), events.format());
                LOG.info("Ground-truth feedback: Kafka topic {}", kafka.feedbackTopic());
                if (kafka.kserveTopic() != null) {
                    LOG.info("Prediction events also go to Kafka topic {} as KServe's payload logger sends them",
                            kafka.kserveTopic());
                }
                yield new KafkaEventSink(kafka, events.source(), events.eventFormat(), counters, EventCounters.feedback(registry),
                        kafka.kserveTopic() == null ? null : EventCounters.kserve(registry));
            }
            case EMBEDDED -> {
                LOG.info("Prediction events: embedded queue of {}, sample rate {}", events.embeddedQueueCapacity(),
                        events.sampleRate());
                yield new EmbeddedEventSink(events.embeddedQueueCapacity(), counters, EventCounters.feedback(registry));
            }
            case NONE -> {
                LOG.info("Prediction events: off (sink none)");
                yield new DiscardingEventSink();
            }
        };
    }
}
