package io.plumbline.monitor.stream;

import io.plumbline.events.PredictionEvent;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.ProfileCache;
import io.plumbline.monitor.driver.WindowDriver;
import io.plumbline.monitor.observe.ModelVersion;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.WindowResult;
import java.time.Duration;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The Kafka Streams side of the {@link WindowDriver}: each event is counted into its (model, version,
 * event-time window) and windows close once the task's stream time passes their end plus grace. A
 * closed window is forwarded as its drift record, then handled (gauges, alert decision, webhooks).
 *
 * <p>The driver keeps open windows decoded in memory; the changelogged store ({@link DriftWindowStore})
 * holds them as bytes, encoded once per changed window just before each commit, so what a commit covers
 * is exactly what the store holds (no loss, no double count after a crash under exactly-once). This
 * task is the store's only writer; after a restart the driver indexes the stored windows once
 * ({@link WindowDriver#restore()}, at init, which Kafka runs after restoring the store).
 * Gauges, alert state and webhooks are side effects of closing; a window re-closed after an aborted
 * transaction sends the same webhook event id, so receivers can deduplicate. An alert is kept in the
 * {@link AlertOutbox} (committed with the window) until delivered, so a crash cannot lose it. Input is
 * keyed by model, so every version of a model is in this task and the gauges (and live-page windows)
 * of the models seen here are removed when the task closes (revoked in a rebalance, or shutdown).
 */
final class DriftProcessor implements Processor<String, PredictionEvent, String, byte[]> {
    private static final Duration OUTBOX_SWEEP = Duration.ofSeconds(1);

    private final MonitorCore core;
    private final DriftJson json = new DriftJson();
    private ProcessorContext<String, byte[]> context;
    private StoreAlertRule alerts;
    private AlertOutbox outbox;
    private WindowDriver driver;

    DriftProcessor(MonitorCore core) {
        this.core = core;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        alerts = new StoreAlertRule(core.alerts(), context.getStateStore(MonitorTopology.ALERTS_STORE));
        outbox = new AlertOutbox(context.getStateStore(MonitorTopology.OUTBOX_STORE), core.handler().webhooks());
        outbox.resendPending();
        // Delivered alerts leave the outbox even when no events arrive.
        context.schedule(OUTBOX_SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> outbox.removeFinished());
        ReadOnlyKeyValueStore<String, byte[]> profiles = context.getStateStore(MonitorTopology.PROFILES_STORE);
        DriftWindowStore windows = context.getStateStore(MonitorTopology.WINDOWS_STORE);
        // A revived task (after an aborted transaction) is initialised again on restored stores.
        driver = new WindowDriver(core, core.window(), new ProfileCache(profiles::get), windows, this::publish);
        driver.restore();
    }

    @Override
    public void process(Record<String, PredictionEvent> record) {
        outbox.removeFinished();
        long streamTime = context.currentStreamTimeMs();
        driver.count(record.value(), record.timestamp(), streamTime);
        driver.closeDue(streamTime);
    }

    private void publish(WindowResult result) {
        String modelVersion = ModelVersion.key(result.model(), result.version());
        context.forward(new Record<>(modelVersion, json.record(result), result.end().toEpochMilli()));
        core.handler().handle(result, alerts, outbox::send);
    }

    @Override
    public void close() {
        if (driver == null) {
            return;
        }
        for (String model : driver.models()) {
            core.gauges().remove(model);
            core.handler().latest().remove(model);
        }
    }
}
