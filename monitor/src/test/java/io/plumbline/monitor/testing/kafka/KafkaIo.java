package io.plumbline.monitor.testing.kafka;

import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.monitor.testing.DriftTraffic;
import io.plumbline.events.PredictionEvent;
import io.plumbline.testing.Await;
import io.plumbline.testing.TopicReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Plain Kafka clients for integration tests: create topics, produce events and profiles, read results. */
public final class KafkaIo implements AutoCloseable {
    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final BinaryPredictionCodec binary = new BinaryPredictionCodec();

    public KafkaIo(String bootstrap) {
        this.bootstrap = bootstrap;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // A record that cannot be written fails the test within its timeouts instead of after 2 minutes.
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000);
        // Kafka's default. With 10 s, MonitorKafkaTest once saw a partition's batches expire unsent on a starved
        // 2-core machine; a produce request timing out under load is the likely start of that.
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 30_000);
        // Not idempotent (acks=all makes Kafka's producer idempotent by default): in three fresh-clone CI runs
        // (2026-12-03 and -04) the second test's producer sent nothing to a new topic for 90 s, its first
        // batch expiring unsent, while the broker answered everything else. An idempotent producer sends no
        // batch until the broker has given it a producer id, a round trip through the broker's id manager that
        // a fixture writer does not need: it writes each record once, and one request at a time keeps their order.
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, false);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 1);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Creates the predictions topic with {@code partitions}, a compacted profiles topic and a drift topic. */
    public void createTopics(String predictions, int partitions, String profiles, String... others) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            List<NewTopic> topics = new ArrayList<>();
            topics.add(new NewTopic(predictions, partitions, (short) 1));
            topics.add(new NewTopic(profiles, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")));
            for (String t : others) {
                topics.add(new NewTopic(t, 1, (short) 1));
            }
            admin.createTopics(topics).all().get();
            // Created is not yet writable: wait until every partition has a leader, or the first sends
            // can sit in the producer until they time out.
            List<String> names = topics.stream().map(NewTopic::name).toList();
            Await.until(() -> leadersElected(admin, names), Duration.ofSeconds(30), () -> "no leaders for " + names);
            // And the producer must know them before the first send. Twice in fresh-clone CI runs (2026-12-04)
            // a record for a topic created this way sat in the accumulator unsent until its delivery timeout,
            // with the broker otherwise answering; asking for the partitions fetches the metadata now, and
            // fails here, naming the topic, if it cannot.
            for (String name : names) {
                producer.partitionsFor(name);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create topics", e.getCause());
        }
    }

    private static boolean leadersElected(Admin admin, List<String> topics) {
        try {
            return admin.describeTopics(topics).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).allMatch(p -> p.leader() != null && !p.leader().isEmpty());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException e) {
            return false;
        }
    }

    public void send(String topic, String key, byte[] value) {
        send(new ProducerRecord<>(topic, key, value));
    }

    /** Sends an event keyed by its model, with CloudEvents headers and the record timestamp {@code at}. */
    public void send(String topic, PredictionEvent e, Instant at) {
        send(topic, e, at, EventFormat.JSON);
    }

    /** As {@link #send(String, PredictionEvent, Instant)}, with the body serving writes in {@code format}. */
    public void send(String topic, PredictionEvent e, Instant at, EventFormat format) {
        byte[] body = format == EventFormat.JSON ? DriftTraffic.encode(e) : binary.encode(e);
        send(new ProducerRecord<>(topic, null, at.toEpochMilli(), e.model(), body, headers(e, format)));
    }

    public void sendRaw(String topic, String key, byte[] value, Instant at) {
        send(new ProducerRecord<>(topic, null, at.toEpochMilli(), key, value));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until everything sent is acknowledged; fails if anything could not be written. */
    public void flush() {
        producer.flush();
        Exception e = failure.getAndSet(null);
        if (e != null) {
            throw new IllegalStateException("a test record was not written", e);
        }
    }

    /**
     * Committed records of {@code topic}: waits for {@code count}, then reads to the end offsets, so
     * extra records (duplicates) already written are returned too (see {@link TopicReader}).
     */
    public List<ConsumerRecord<String, byte[]>> read(String topic, int count, Duration timeout) {
        return TopicReader.read(bootstrap, topic, count, timeout);
    }

    @Override
    public void close() {
        producer.close();
    }

    /** The CloudEvents headers serving writes with a prediction event. */
    public static Headers headers(PredictionEvent e) {
        return headers(e, EventFormat.JSON);
    }

    /** The headers serving writes with a prediction event whose body is in {@code format}. */
    public static Headers headers(PredictionEvent e, EventFormat format) {
        RecordHeaders h = new RecordHeaders();
        CloudEventHeaders.forPrediction(e, "/test", format)
                .forEach((k, v) -> h.add(k, v.getBytes(StandardCharsets.UTF_8)));
        return h;
    }
}
