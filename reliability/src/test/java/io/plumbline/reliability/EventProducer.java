package io.plumbline.reliability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The test's own producer and its own tally, independent of anything the monitor counts: every send's
 * future is kept, and a record is tallied to its key (a drift window) only once the broker acknowledged
 * it (acks=all, idempotent). Failures are counted, never dropped.
 */
final class EventProducer implements AutoCloseable {
    private final KafkaProducer<String, byte[]> producer;
    private final List<Future<RecordMetadata>> futures = new ArrayList<>();
    private final Map<Long, AtomicLong> acked = new ConcurrentHashMap<>();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<Exception> firstFailure = new AtomicReference<>();

    EventProducer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 90_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** Sends {@code record}; once acknowledged it counts for {@code tallyKey}. */
    synchronized void send(ProducerRecord<String, byte[]> record, long tallyKey) {
        futures.add(producer.send(record, (metadata, error) -> {
            if (error == null) {
                acked.computeIfAbsent(tallyKey, k -> new AtomicLong()).incrementAndGet();
            } else {
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, error);
            }
        }));
    }

    /** Waits until every send so far has completed, one way or the other. */
    void awaitAll(Duration timeout) throws InterruptedException {
        producer.flush();
        long deadline = System.nanoTime() + timeout.toNanos();
        List<Future<RecordMetadata>> all;
        synchronized (this) {
            all = List.copyOf(futures);
        }
        for (Future<RecordMetadata> f : all) {
            try {
                f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (ExecutionException e) {
                // Counted by the callback.
            } catch (TimeoutException e) {
                throw new AssertionError("a send did not complete within " + timeout);
            }
        }
    }

    synchronized long sent() {
        return futures.size();
    }

    long failed() {
        return failed.get();
    }

    Exception firstFailure() {
        return firstFailure.get();
    }

    /** Acknowledged records per tally key, in key order. */
    Map<Long, Long> acked() {
        Map<Long, Long> out = new TreeMap<>();
        acked.forEach((k, v) -> out.put(k, v.get()));
        return out;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
