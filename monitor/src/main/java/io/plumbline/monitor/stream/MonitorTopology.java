package io.plumbline.monitor.stream;

import io.plumbline.monitor.driver.MonitorCore;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * predictions (key model), merged with feedback (key model) when a feedback topic is set → per (model,
 * version) event-time tumbling window of drift counts and model quality, feedback joined to predictions by
 * request id → on close, drift results (key {@code model:version}) to the drift topic and, for a window with
 * predictions or labels, its model quality to the performance topic, plus gauges, alerts and webhooks.
 *
 * <p>Building is separate from running: {@link #build} only describes the topology. Undecodable events
 * never reach the processor: the deserializer throws and {@link CountingDeserializationHandler} (set by
 * {@link StreamsSettings}) counts and skips them.
 */
public final class MonitorTopology {
    static final String PROFILES_STORE = "plumbline-profiles";
    static final String WINDOWS_STORE = "plumbline-drift-windows";
    static final String ALERTS_STORE = "plumbline-drift-alerts";
    static final String OUTBOX_STORE = "plumbline-drift-outbox";
    static final String JOIN_STORE = "plumbline-feedback-join";
    static final String JOIN_EXPIRY_STORE = "plumbline-feedback-join-expiry";

    private MonitorTopology() {
    }

    public static Topology build(StreamsBuilder builder, Topics topics, EventDecoder decoder, MonitorCore core) {
        // Every instance needs every profile (any task may see any model), hence a global store.
        StoreBuilder<KeyValueStore<String, byte[]>> profiles = Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(PROFILES_STORE), Serdes.String(), Serdes.ByteArray()).withLoggingDisabled();
        builder.addGlobalStore(profiles, topics.profiles(), Consumed.with(Serdes.String(), Serdes.ByteArray()),
                ProfileStoreUpdater::new);
        // In memory, changelogged: counts are small and rebuilt from the changelog on restart or migration.
        // The write-back layer encodes a window changed by many events once per commit, not per event,
        // and writes it to the changelog then; no record cache is needed under it.
        builder.addStateStore(DriftWindowStore.builder(Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(WINDOWS_STORE), Serdes.String(), Serdes.ByteArray())));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(ALERTS_STORE),
                Serdes.String(), Serdes.ByteArray()));
        // Alerts committed with their window until delivered, so a crash cannot lose one (AlertOutbox).
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(OUTBOX_STORE),
                Serdes.String(), Serdes.ByteArray()));
        Serde<MonitorInput> events = Serdes.serdeFrom((topic, o) -> {
            throw new UnsupportedOperationException("the monitor never writes prediction events");
        }, new EventDeserializer(decoder));
        // Input keys stay bytes: the processor never reads them (the partition already placed the model's
        // records in its task), and decoding each to a String was 2% of the stream thread.
        KStream<byte[], MonitorInput> input = builder.stream(topics.predictions(),
                Consumed.with(Serdes.ByteArray(), events));
        List<String> stores = new ArrayList<>(List.of(WINDOWS_STORE, ALERTS_STORE, OUTBOX_STORE));
        boolean feedback = topics.feedback() != null;
        if (feedback) {
            // Persistent (RocksDB): a week of predictions' outputs by request id outgrows memory.
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOIN_STORE),
                    Serdes.String(), Serdes.ByteArray()));
            builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(JOIN_EXPIRY_STORE),
                    Serdes.String(), Serdes.ByteArray()));
            stores.addAll(List.of(JOIN_STORE, JOIN_EXPIRY_STORE));
            Serde<MonitorInput> records = Serdes.serdeFrom((topic, o) -> {
                throw new UnsupportedOperationException("the monitor never writes feedback");
            }, new FeedbackDeserializer());
            // Keyed by model like predictions, on as many partitions: a model's feedback meets its predictions
            // in one task (the service checks the partition counts at start).
            input = input.merge(builder.stream(topics.feedback(), Consumed.with(Serdes.ByteArray(), records)));
        }
        String performance = topics.performance();
        input.process(() -> new DriftProcessor(core, feedback, performance != null), stores.toArray(String[]::new))
                .to((key, value, record) -> record.headers().lastHeader(DriftProcessor.PERFORMANCE_HEADER) != null
                        ? performance : topics.drift(), Produced.with(Serdes.String(), Serdes.ByteArray()));
        return builder.build();
    }
}
