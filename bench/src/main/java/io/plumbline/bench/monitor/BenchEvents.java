package io.plumbline.bench.monitor;

import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.PredictionEventCodec;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.tensor.Tensor;
import io.plumbline.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes what every run reads: one reference profile per model, and the prediction events (CloudEvents
 * binary mode, one row of FP32 features in one {@code [1, k]} tensor plus a one-value output, as serving
 * publishes them), one model per partition, event times 10 ms apart per model from a fixed instant so
 * one-minute windows open and close along the way. Seeded: every run of the bench writes the same events.
 */
final class BenchEvents {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private BenchEvents() {
    }

    static void produce(KafkaBroker broker, ThroughputSettings s) {
        int features = s.features();
        EventFormat format = s.format();
        SplittableRandom random = new SplittableRandom(42);
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(s.bins()));
        List<String> names = new ArrayList<>();
        for (int j = 0; j < features; j++) {
            names.add("f" + j);
            b.numeric("f" + j, FeatureRole.INPUT);
        }
        int referenceRows = Math.max(20_000, s.bins() * 20);
        for (int r = 0; r < referenceRows; r++) {
            for (int j = 0; j < features; j++) {
                b.add(names.get(j), j + (1 + j % 3) * random.nextGaussian());
            }
        }
        b.addRows(referenceRows);
        ReferenceProfile profile = b.build();
        byte[] profileJson = new ReferenceProfileCodec().toJson(profile).getBytes(StandardCharsets.UTF_8);
        PredictionEventCodec codec = new PredictionEventCodec();
        BinaryPredictionCodec binary = new BinaryPredictionCodec();
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "none");
        AtomicReference<Exception> failure = new AtomicReference<>();
        long bytes = 0;
        MonitorThroughput.log(String.format(Locale.ROOT, "producing %,d events (%d features, %d-bin profiles) to %d "
                + "partitions", s.events(), features, s.bins(), s.partitions()));
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(),
                new ByteArraySerializer())) {
            for (int m = 0; m < s.partitions(); m++) {
                producer.send(new ProducerRecord<>(BenchTopics.PROFILES, BenchTopics.model(m) + ":1", profileJson));
            }
            float[] values = new float[features];
            for (int i = 0; i < s.events(); i++) {
                int partition = i % s.partitions();
                Instant at = T0.plusMillis(10L * (i / s.partitions()));
                for (int j = 0; j < features; j++) {
                    values[j] = (float) (j + (1 + j % 3) * random.nextGaussian());
                }
                Tensor in = Tensor.ofFloats("features", new long[] {1, features}, values.clone());
                Tensor out = Tensor.ofFloats("probabilities", new long[] {1, 1}, new float[] {(float) random.nextDouble()});
                PredictionEvent e = PredictionEvent.of(BenchTopics.model(partition), "1", "req-" + i, at, 1_000_000,
                        Map.of(), List.of(in), List.of(out), TensorLimits.DEFAULT);
                byte[] value = format == EventFormat.BINARY ? binary.encode(e) : codec.encode(e);
                bytes += value.length;
                RecordHeaders headers = new RecordHeaders();
                CloudEventHeaders.forPrediction(e, "/bench", format).forEach((k, v) -> headers.add(k,
                        v.getBytes(StandardCharsets.UTF_8)));
                producer.send(new ProducerRecord<>(BenchTopics.PREDICTIONS, partition, at.toEpochMilli(),
                        BenchTopics.model(partition), value, headers), (md, error) -> {
                            if (error != null) {
                                failure.compareAndSet(null, error);
                            }
                        });
            }
            producer.flush();
        }
        if (failure.get() != null) {
            throw new IllegalStateException("could not produce the bench events", failure.get());
        }
        MonitorThroughput.log(String.format(Locale.ROOT, "produced; %.0f bytes of " + format.configName()
                + " body per event on average", (double) bytes / s.events()));
    }
}
