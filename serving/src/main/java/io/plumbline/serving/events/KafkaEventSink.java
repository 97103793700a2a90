package io.plumbline.serving.events;

import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.FeedbackRecordCodec;
import io.plumbline.events.KServeLoggerEvents;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Function;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends prediction events to Kafka as CloudEvents in binary mode: record key the model name, value the
 * body in the configured {@link EventFormat} (JSON or binary, named by the {@code content-type} header),
 * {@code ce_*} headers, record timestamp the event time.
 *
 * <p>{@link #offer} runs on the thread that completed the prediction and never waits: the producer is
 * configured with {@code max.block.ms} 0, so a full buffer or a topic whose metadata is not cached makes
 * the send fail at once, and the event is dropped and counted. To have the metadata cached before
 * traffic arrives, a background thread creates the topics (when allowed), then fetches both topics'
 * metadata, retrying with backoff for as long as the broker is away; events offered before that are
 * dropped. The same thread publishes reference profiles once connected, so a profile of a model loaded
 * at start-up is not lost to the race.
 *
 * <p>Feedback records go the same way to the feedback topic (key the model name, value the JSON body,
 * {@code ce_type io.plumbline.feedback.v1}, record timestamp the feedback's time), through the same
 * producer and so with the same reliability settings, counted in their own {@code prediction.feedback}.
 * With {@code kserve-topic} set, each prediction also goes there as KServe's payload-logger pair, counted
 * in {@code prediction.kserve.events}.
 */
final class KafkaEventSink implements EventSink {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaEventSink.class);
    private static final long MAX_BACKOFF_MS = 5_000;

    private final KafkaEventsConfig config;
    private final String source;
    private final EventCounters counters;
    private final EventCounters feedbackCounters;
    private final EventCounters kserveCounters;
    private final KServeLoggerEvents kserve;
    private final EventFormat format;
    private final Function<PredictionEvent, byte[]> encoder;
    private final FeedbackRecordCodec feedbackCodec = new FeedbackRecordCodec();
    private final Producer<String, byte[]> producer;
    private final ExecutorService connector;
    private volatile boolean ready;
    private volatile boolean closed;

    /** @param kserveCounters counters of the KServe-shaped copies; used when {@code config.kserveTopic()} is set */
    KafkaEventSink(KafkaEventsConfig config, String source, EventFormat format, EventCounters counters,
            EventCounters feedbackCounters, EventCounters kserveCounters) {
        this.config = config;
        this.source = source;
        this.format = format;
        this.encoder = format == EventFormat.BINARY ? new BinaryPredictionCodec()::encode
                : new PredictionEventCodec()::encode;
        this.counters = counters;
        this.feedbackCounters = feedbackCounters;
        this.kserveCounters = kserveCounters;
        this.kserve = config.kserveTopic() == null ? null : new KServeLoggerEvents(source, config.kserveNamespace());
        this.producer = new KafkaProducer<>(KafkaClients.producer(config), new StringSerializer(),
                new ByteArraySerializer());
        this.connector = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "kafka-events-connect");
            t.setDaemon(true);
            return t;
        });
        connector.execute(this::connect);
    }

    @Override
    public SinkKind kind() {
        return SinkKind.KAFKA;
    }

    /** True once the topics exist and their metadata is cached, so sends no longer fail for want of it. */
    boolean ready() {
        return ready;
    }

    @Override
    public void offer(PredictionEvent event) {
        offer(event, null);
    }

    @Override
    public void offer(PredictionEvent event, String traceparent) {
        if (closed) {
            counters.dropped("the event sink is shutting down");
            return;
        }
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(config.topic(), null, event.timestamp().toEpochMilli(), event.model(),
                    encoder.apply(event), headers(CloudEventHeaders.forPrediction(event, source, format, traceparent)));
        } catch (RuntimeException e) {
            counters.dropped("cannot encode the event: " + e);
            return;
        }
        try {
            producer.send(record, new Delivery(counters));
        } catch (RuntimeException e) {
            counters.dropped(reason(e));
        }
        if (kserve != null) {
            offerKServe(event);
        }
    }

    /** The prediction again, as KServe's payload logger's two events (same id), to the KServe topic. */
    private void offerKServe(PredictionEvent event) {
        String id = KServeLoggerEvents.id(event);
        long time = event.timestamp().toEpochMilli();
        List<ProducerRecord<String, byte[]>> pair;
        try {
            pair = List.of(
                    new ProducerRecord<>(config.kserveTopic(), null, time, event.model(), kserve.request(event),
                            headers(kserve.headers(event, KServeLoggerEvents.REQUEST_TYPE, id))),
                    new ProducerRecord<>(config.kserveTopic(), null, time, event.model(), kserve.response(event),
                            headers(kserve.headers(event, KServeLoggerEvents.RESPONSE_TYPE, id))));
        } catch (RuntimeException e) {
            for (int lost = 0; lost < 2; lost++) { // both records of the pair
                kserveCounters.dropped("cannot encode the KServe logger records: " + e);
            }
            return;
        }
        for (ProducerRecord<String, byte[]> r : pair) {
            try {
                producer.send(r, new Delivery(kserveCounters));
            } catch (RuntimeException e) {
                kserveCounters.dropped(reason(e));
            }
        }
    }

    @Override
    public boolean offerFeedback(FeedbackRecord feedback) {
        if (closed) {
            feedbackCounters.dropped("the event sink is shutting down");
            return false;
        }
        ProducerRecord<String, byte[]> record;
        try {
            record = new ProducerRecord<>(config.feedbackTopic(), null, feedback.time().toEpochMilli(),
                    feedback.model(), feedbackCodec.encode(feedback),
                    headers(CloudEventHeaders.forFeedback(feedback, source)));
        } catch (RuntimeException e) {
            feedbackCounters.dropped("cannot encode the feedback record: " + e);
            return false;
        }
        Delivery delivery = new Delivery(feedbackCounters);
        try {
            producer.send(record, delivery);
        } catch (RuntimeException e) {
            feedbackCounters.dropped(reason(e));
            return false;
        }
        return !delivery.droppedAtOnce;
    }

    @Override
    public void publishProfile(String model, String version, byte[] profileJson) {
        String key = model + ":" + version;
        try {
            connector.execute(() -> sendProfile(key, profileJson));
        } catch (RejectedExecutionException e) {
            LOG.warn("Reference profile {} not published: the event sink is shutting down", key);
        }
    }

    private void sendProfile(String key, byte[] json) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(config.profilesTopic(), null, key, json,
                headers(Map.of(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON)));
        try {
            producer.send(record, (metadata, e) -> {
                if (e == null) {
                    LOG.info("Published reference profile {} to {}", key, config.profilesTopic());
                } else {
                    LOG.warn("Reference profile {} not published to {}: {}", key, config.profilesTopic(), reason(e));
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("Reference profile {} not published to {}: {}", key, config.profilesTopic(), reason(e));
        }
    }

    /** Runs once on the connector thread: topics, then metadata, retried with backoff until done or closed. */
    private void connect() {
        long started = System.nanoTime();
        long backoff = 100;
        boolean topicsDone = !config.createTopics();
        boolean warned = false;
        try (Admin admin = config.createTopics() ? Admin.create(KafkaClients.admin(config)) : null) {
            while (!closed) {
                try {
                    if (!topicsDone) {
                        TopicSetup.ensure(admin, config);
                        topicsDone = true;
                    }
                    if (cached(config.topic()) && cached(config.profilesTopic()) && cached(config.feedbackTopic())
                            && (config.kserveTopic() == null || cached(config.kserveTopic()))) {
                        ready = true;
                        LOG.info("Prediction events go to Kafka topic {} at {} (connected in {} ms)", config.topic(),
                                config.bootstrapServers(), (System.nanoTime() - started) / 1_000_000);
                        return;
                    }
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    if (!warned) {
                        LOG.warn("Kafka at {} is not usable yet ({}); predictions are served, events are dropped "
                                + "until it is; retrying", config.bootstrapServers(), reason(e));
                        warned = true;
                    }
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("Kafka event sink could not start; events will be dropped", e);
        }
    }

    /** Asks for the topic's metadata without waiting; the request it triggers fills the cache for the next try. */
    private boolean cached(String topic) {
        try {
            return !producer.partitionsFor(topic).isEmpty();
        } catch (TimeoutException e) {
            return false;
        }
    }

    /** Flushes pending events for at most {@code close-timeout}; what is still pending then counts as failed. */
    @Override
    public void close() {
        closed = true;
        connector.shutdownNow();
        producer.close(config.closeTimeout());
    }

    private static RecordHeaders headers(Map<String, String> values) {
        RecordHeaders h = new RecordHeaders();
        values.forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return h;
    }

    private static String reason(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + (m.length() > 200 ? m.substring(0, 200) : m));
    }

    /**
     * Counts the outcome of one send. A failure reported on the sending thread happened inside
     * {@code send} (buffer full, no metadata, record too large): the event never left, so it is
     * dropped. One reported later, on the producer's I/O thread, is a delivery that failed.
     */
    private static final class Delivery implements Callback {
        private final Thread sender = Thread.currentThread();
        private final EventCounters counters;
        // Written and read on the sending thread only: set inside send(), read after it returns.
        private boolean droppedAtOnce;

        Delivery(EventCounters counters) {
            this.counters = counters;
        }

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e == null) {
                counters.sent();
            } else if (Thread.currentThread() == sender) {
                droppedAtOnce = true;
                counters.dropped(reason(e));
            } else {
                counters.failed(reason(e));
            }
        }
    }
}
