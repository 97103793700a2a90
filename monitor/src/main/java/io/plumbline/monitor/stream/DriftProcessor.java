package io.plumbline.monitor.stream;

import io.plumbline.events.CloudEventHeaders;
import io.plumbline.monitor.driver.MonitorCore;
import io.plumbline.monitor.driver.ProfileCache;
import io.plumbline.monitor.driver.WindowDriver;
import io.plumbline.monitor.feedback.FeedbackJoin;
import io.plumbline.monitor.observe.ModelVersion;
import io.plumbline.monitor.observe.Observation;
import io.plumbline.monitor.observe.Outputs;
import io.plumbline.monitor.observe.RowSegments;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.WindowResult;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The Kafka Streams side of the {@link WindowDriver}: each event is counted into its (model, version,
 * event-time window) and windows close once the task's stream time passes their end plus grace. A
 * closed window is forwarded as its drift record, then handled (gauges, alert decision, webhooks).
 * Feedback records (merged in from their topic) go to the {@link FeedbackJoin}, whose state is in two
 * changelogged stores, and each match is scored in the window of the stream time it was made at. An
 * event's {@code ce_traceparent} (and {@code ce_tracestate}) header goes with it into its window's trace sample.
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
final class DriftProcessor implements Processor<byte[], MonitorInput, String, byte[]> {
    private static final Duration OUTBOX_SWEEP = Duration.ofSeconds(1);
    /** Expired join entries are looked for at most this often in stream time (a range read of the index). */
    private static final long EXPIRE_EVERY_MS = 1000;

    /** Marks a forwarded record for the performance topic: the sink routes by it (it stays on as a header). */
    static final String PERFORMANCE_HEADER = "plumbline-record-performance";

    private final MonitorCore core;
    private final boolean feedback;
    private final boolean performance;
    private final DriftJson json = new DriftJson();
    private ProcessorContext<String, byte[]> context;
    private StoreAlertRule alerts;
    private AlertOutbox outbox;
    private WindowDriver driver;
    private FeedbackJoin join;
    private long expiredUpTo;

    DriftProcessor(MonitorCore core, boolean feedback, boolean performance) {
        this.core = core;
        this.feedback = feedback;
        this.performance = performance;
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
        driver = new WindowDriver(core, core.window(), new ProfileCache(profiles::get), windows, this::publish,
                this::observed);
        driver.restore();
        if (feedback) {
            StreamsJoinStore state = new StreamsJoinStore(context.getStateStore(MonitorTopology.JOIN_STORE),
                    context.getStateStore(MonitorTopology.JOIN_EXPIRY_STORE));
            join = new FeedbackJoin(core.joinWindow(), state, core.feedback(),
                    match -> driver.score(match, context.currentStreamTimeMs()));
        }
    }

    @Override
    public void process(Record<byte[], MonitorInput> record) {
        outbox.removeFinished();
        long streamTime = context.currentStreamTimeMs();
        MonitorInput input = record.value();
        if (input.prediction() != null) {
            // The source record's headers reach here unchanged (mapValues and merge keep them): the event's
            // trace context travels beside it, the event body stays as the producer wrote it.
            driver.count(input.prediction(), text(record.headers(), CloudEventHeaders.TRACEPARENT),
                    text(record.headers(), CloudEventHeaders.TRACESTATE), record.timestamp(), streamTime);
        } else if (join != null) {
            // Stream time, not the record's: serving stamps feedback with its "time" (when the truth was
            // observed, often long before it arrives), and a match is scored in the window open now.
            join.feedback(input.feedback(), streamTime);
        }
        if (join != null && streamTime - expiredUpTo >= EXPIRE_EVERY_MS) {
            join.expire(streamTime);
            expiredUpTo = streamTime;
        }
        driver.closeDue(streamTime);
    }

    /** The last header of {@code name} as UTF-8 text (the CloudEvents Kafka binding's encoding), or null. */
    private static String text(Headers headers, String name) {
        Header h = headers.lastHeader(name);
        return h == null || h.value() == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private void observed(Observation o, Outputs outputs, RowSegments segments) {
        if (join != null) {
            join.prediction(o, outputs, segments);
        }
    }

    private void publish(WindowResult result) {
        String modelVersion = ModelVersion.key(result.model(), result.version());
        context.forward(new Record<>(modelVersion, json.record(result), result.end().toEpochMilli()));
        if (performance && !result.counts().performance().isEmpty()) {
            context.forward(new Record<>(modelVersion, json.performanceRecord(result), result.end().toEpochMilli(),
                    new RecordHeaders().add(PERFORMANCE_HEADER, new byte[0])));
        }
        core.handler().handle(result, alerts, outbox::send);
    }

    @Override
    public void close() {
        if (driver == null) {
            return;
        }
        for (String model : driver.models()) {
            core.handler().forget(model);
        }
    }
}
