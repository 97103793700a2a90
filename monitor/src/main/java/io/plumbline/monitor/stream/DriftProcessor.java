package io.plumbline.monitor.stream;

import io.plumbline.events.PredictionEvent;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.observe.InvalidObservationException;
import io.plumbline.monitor.observe.ModelVersion;
import io.plumbline.monitor.observe.Observation;
import io.plumbline.monitor.observe.ProfileColumns;
import io.plumbline.monitor.observe.WindowFeeder;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.MonitorCore;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.WindowCodec;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts each event into its (model, version, event-time window) and closes windows once the task's
 * stream time passes their end plus grace: analyse, forward the drift record, update gauges, decide
 * alerts, dispatch webhooks, delete the counts.
 *
 * <p>The open windows are kept decoded in memory and counted into there; the changelogged store
 * ({@link DriftWindowStore}) holds them as {@link WindowCodec} bytes, encoded once per changed window
 * just before each commit rather than on every event, so what a commit covers is exactly what the
 * store holds (no loss, no double count after a crash under exactly-once). This task is the store's
 * only writer, so memory and store cannot disagree; after a restart the windows are decoded from the
 * store once. Open windows are indexed by end time, rebuilt from the store at init
 * (which Kafka runs after restoring it), so closing costs nothing until a window is due.
 * Gauges, alert state and webhooks are side effects of closing; a window re-closed after an aborted
 * transaction sends the same webhook event id, so receivers can deduplicate. An alert is kept in the
 * {@link AlertOutbox} (committed with the window) until delivered, so a crash cannot lose it. Input is keyed by model, so
 * every version of a model is in this task and the gauges (and live-page windows) of the models seen
 * here are removed when the task closes (revoked in a rebalance, or shutdown).
 */
final class DriftProcessor implements Processor<String, PredictionEvent, String, byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(DriftProcessor.class);
    private static final char SEPARATOR = '\u0000';
    private static final Duration OUTBOX_SWEEP = Duration.ofSeconds(1);

    private final MonitorCore core;
    private final WindowCodec codec = new WindowCodec();
    private final DriftJson json = new DriftJson();
    private final TreeSet<Open> open = new TreeSet<>(Comparator.comparingLong(Open::end).thenComparing(Open::key));
    private final Map<String, DriftWindow> live = new HashMap<>();
    private final Set<String> models = new HashSet<>();
    private ProcessorContext<String, byte[]> context;
    private DriftWindowStore windows;
    private StoreAlertRule alerts;
    private AlertOutbox outbox;
    private ProfileCache profiles;

    private record Open(long end, String key) {
    }

    DriftProcessor(MonitorCore core) {
        this.core = core;
    }

    @Override
    public void init(ProcessorContext<String, byte[]> context) {
        this.context = context;
        windows = context.getStateStore(MonitorTopology.WINDOWS_STORE);
        alerts = new StoreAlertRule(core.alerts(), context.getStateStore(MonitorTopology.ALERTS_STORE));
        outbox = new AlertOutbox(context.getStateStore(MonitorTopology.OUTBOX_STORE), core.handler().webhooks());
        outbox.resendPending();
        // Delivered alerts leave the outbox even when no events arrive.
        context.schedule(OUTBOX_SWEEP, PunctuationType.WALL_CLOCK_TIME, now -> outbox.removeFinished());
        ReadOnlyKeyValueStore<String, byte[]> store = context.getStateStore(MonitorTopology.PROFILES_STORE);
        profiles = new ProfileCache(store);
        // A revived task (after an aborted transaction) is initialised again on restored stores.
        open.clear();
        live.clear();
        try (KeyValueIterator<String, byte[]> it = windows.all()) {
            while (it.hasNext()) {
                String key = it.next().key;
                open.add(new Open(core.window().endOf(startOf(key)), key));
                models.add(ModelVersion.parse(modelVersionOf(key)).model());
            }
        }
    }

    @Override
    public void process(Record<String, PredictionEvent> record) {
        outbox.removeFinished();
        count(record.value(), record.timestamp());
        closeDue(context.currentStreamTimeMs());
    }

    private void count(PredictionEvent event, long timestamp) {
        ProfileCache.Entry profile = profiles.get(ModelVersion.key(event.model(), event.version()));
        if (profile == null) {
            core.events().increment(EventOutcome.UNKNOWN_MODEL);
            return;
        }
        long start = core.window().startOf(timestamp);
        long end = core.window().endOf(start);
        if (core.window().closed(end, context.currentStreamTimeMs())) {
            core.events().increment(EventOutcome.LATE);
            return;
        }
        Observation o;
        try {
            o = ProfileColumns.observe(event, profile.profile());
        } catch (InvalidObservationException | ArithmeticException e) {
            core.events().increment(EventOutcome.INVALID);
            return;
        } catch (RuntimeException e) {
            // Anything else an odd event provokes is skipped too: rethrowing would fail on it forever.
            core.events().increment(EventOutcome.INVALID);
            LOG.error("skipped a prediction event of {}:{} that could not be read", event.model(), event.version(), e);
            return;
        }
        String key = o.modelVersion() + SEPARATOR + start;
        DriftWindow w = live.get(key);
        boolean opened = false;
        if (w == null) {
            w = new DriftWindow(profile.profile());
            byte[] stored = windows.get(key);
            if (stored != null) {
                codec.decodeInto(stored, w);
            } else {
                opened = true;
            }
            live.put(key, w);
        }
        WindowFeeder.add(o, w);
        windows.putLater(key, w);
        if (opened) {
            open.add(new Open(end, key));
            models.add(o.model());
        }
        core.events().increment(EventOutcome.OK);
    }

    private void closeDue(long now) {
        while (!open.isEmpty() && core.window().closed(open.first().end(), now)) {
            Open due = open.pollFirst();
            try {
                close(due);
            } catch (RuntimeException e) {
                // A window that cannot be analysed must not stop the stream; its counts are dropped.
                LOG.error("could not close drift window {}; dropping it", due.key().replace(SEPARATOR, '@'), e);
            }
            windows.delete(due.key());
        }
    }

    private void close(Open due) {
        String modelVersion = modelVersionOf(due.key());
        DriftWindow w = live.remove(due.key());
        if (w == null) {
            byte[] stored = windows.get(due.key());
            ProfileCache.Entry profile = profiles.get(modelVersion);
            if (stored == null || profile == null) {
                LOG.warn("drift window {} closed without counts or profile; skipped", due.key().replace(SEPARATOR, '@'));
                return;
            }
            w = profile.scratch();
            w.reset();
            codec.decodeInto(stored, w);
        }
        DriftReport report = core.analyzer().analyze(w);
        ModelVersion mv = ModelVersion.parse(modelVersion);
        long start = startOf(due.key());
        WindowResult result = new WindowResult(mv.model(), mv.version(), Instant.ofEpochMilli(start),
                Instant.ofEpochMilli(due.end()), report, w);
        context.forward(new Record<>(modelVersion, json.record(result), due.end()));
        core.handler().handle(result, alerts, outbox::send);
    }

    @Override
    public void close() {
        for (String model : models) {
            core.gauges().remove(model);
            core.handler().latest().remove(model);
        }
    }

    private static String modelVersionOf(String key) {
        return key.substring(0, key.lastIndexOf(SEPARATOR));
    }

    private static long startOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEPARATOR) + 1));
    }
}
