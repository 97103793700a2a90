package io.plumbline.monitor.driver;

import io.plumbline.events.PredictionEvent;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.observe.InvalidObservationException;
import io.plumbline.monitor.feedback.Match;
import io.plumbline.monitor.observe.ModelVersion;
import io.plumbline.monitor.observe.Observation;
import io.plumbline.monitor.observe.Outputs;
import io.plumbline.monitor.observe.ProfileColumns;
import io.plumbline.monitor.observe.RowSegments;
import io.plumbline.monitor.observe.Segments;
import io.plumbline.monitor.observe.WindowFeeder;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.trace.TraceContext;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.WindowCodec;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Counts prediction events into their (model, version, tumbling window), and into one window per
 * declared segment of the row ({@link Segments}), and closes each window once
 * time passes its end plus grace: analyse, then hand the {@link WindowResult} to the publisher. The one
 * implementation of that loop: the Kafka Streams processor drives it with the record's timestamp and
 * stream time, the embedded monitor with the clock for both.
 *
 * <p>Open windows are counted in memory and indexed by end time, so closing costs nothing until one is
 * due. Each change is reported to the {@link WindowStorage}; after a restart the stored windows are
 * indexed ({@link #restore()}) and decoded when their next event or their close needs them. A window
 * keeps the profile it was opened with: a profile replaced mid-window applies from the next window.
 * Not thread-safe: one caller thread, or the caller's lock.
 */
public final class WindowDriver {
    private static final Logger LOG = LoggerFactory.getLogger(WindowDriver.class);
    private static final char SEPARATOR = '\u0000';

    private final MonitorCore core;
    private final WindowSpec spec;
    private final ProfileCache profiles;
    private final WindowStorage storage;
    private final Consumer<WindowResult> publisher;
    private final PredictionListener observed;
    private final WindowCodec codec = new WindowCodec();
    private final TreeSet<Open> open = new TreeSet<>(Comparator.comparingLong(Open::end).thenComparing(Open::key));
    private final Map<String, DriftWindow> live = new HashMap<>();
    private final Set<String> models = new HashSet<>();
    private final Map<ReferenceProfile, Segments> segments = new IdentityHashMap<>();
    private final Map<ReferenceProfile, ProfileColumns> columns = new IdentityHashMap<>();

    private record Open(long end, String key) {
    }

    /**
     * @param spec the windows cut (the Kafka monitor: {@code spec}; the embedded monitor: the same
     *     size without grace, since in processing time no event is late)
     * @param profiles where each window's reference profile comes from
     * @param storage where open windows are kept beyond memory ({@link WindowStorage#NONE}: nowhere)
     * @param publisher what to do with each closed window (gauges, alerts, the drift topic)
     * @param observed told of each counted prediction and its outputs, read once here (the feedback join keeps
     *     them)
     */
    public WindowDriver(MonitorCore core, WindowSpec spec, ProfileCache profiles, WindowStorage storage,
            Consumer<WindowResult> publisher, PredictionListener observed) {
        this.core = core;
        this.spec = spec;
        this.profiles = profiles;
        this.storage = storage;
        this.publisher = publisher;
        this.observed = observed;
    }

    /** The storage key of a window: {@code model:version}, a separator, the start in epoch ms. */
    public static String key(String modelVersion, long start) {
        return modelVersion + SEPARATOR + start;
    }

    /**
     * The storage key of a segment's window: {@code model:version}, the segment's label and the start,
     * separated; the whole traffic's window ({@code segment} empty) keeps the key it had before segments.
     */
    public static String key(String modelVersion, String segment, long start) {
        return segment.isEmpty() ? key(modelVersion, start) : modelVersion + SEPARATOR + segment + SEPARATOR + start;
    }

    /** Forgets what is in memory and indexes the windows the storage holds (after a restart or restore). */
    public void restore() {
        open.clear();
        live.clear();
        storage.keys(key -> {
            open.add(new Open(spec.endOf(startOf(key)), key));
            models.add(ModelVersion.parse(modelVersionOf(key)).model());
        });
    }

    /**
     * Counts {@code event} into the window containing {@code timestamp}, unless that window is already
     * closed at {@code now} (late) or the version has no usable profile; the outcome is counted either way.
     */
    public void count(PredictionEvent event, long timestamp, long now) {
        count(event, null, null, timestamp, now);
    }

    /**
     * As {@link #count(PredictionEvent, long, long)}, for an event that came with a W3C trace context
     * ({@code traceparent} null: none): the event is also counted into its windows' {@link
     * io.plumbline.monitor.trace.TraceSample}s. A malformed traceparent is ignored (the event is counted as
     * untraced) and counted in {@code monitor.trace.invalid}: it comes from outside and must never cost the event.
     */
    public void count(PredictionEvent event, String traceparent, String tracestate, long timestamp, long now) {
        TraceContext trace = null;
        try {
            trace = TraceContext.of(traceparent, tracestate);
        } catch (IllegalArgumentException e) {
            core.events().invalidTrace();
            LOG.debug("ignored the trace context of a prediction event of {}:{}: {}", event.model(), event.version(),
                    e.getMessage());
        }
        long start = spec.startOf(timestamp);
        long end = spec.endOf(start);
        String modelVersion = ModelVersion.key(event.model(), event.version());
        String key = key(modelVersion, start);
        DriftWindow w = live.get(key);
        ReferenceProfile profile = w != null ? w.profile() : profiles.get(modelVersion);
        if (profile == null) {
            core.events().increment(EventOutcome.UNKNOWN_MODEL);
            return;
        }
        // Also for a window still in memory: time may have passed its end since the last closeDue.
        if (spec.closed(end, now)) {
            core.events().increment(EventOutcome.LATE);
            return;
        }
        if (w == null) {
            w = open(key, end, event.model(), profile);
        }
        Observation o;
        try {
            o = columnsOf(w.profile()).observe(event);
        } catch (InvalidObservationException | ArithmeticException e) {
            core.events().increment(EventOutcome.INVALID);
            return;
        } catch (RuntimeException e) {
            // Anything else an odd event provokes is skipped too: rethrowing would fail on it forever.
            core.events().increment(EventOutcome.INVALID);
            LOG.error("skipped a prediction event of {}:{} that could not be read", event.model(), event.version(), e);
            return;
        }
        WindowFeeder.add(o, w);
        Outputs outputs = Outputs.of(o, w.profile());
        for (int row = 0; row < o.rows(); row++) {
            w.performance().predicted(outputs.numbers(row));
        }
        if (trace != null) {
            w.trace().add(trace, event.requestId());
        }
        storage.changed(key, w);
        RowSegments rows = segmentsOf(w.profile()).assign(o, event.parameters());
        if (!rows.isEmpty()) {
            for (Map.Entry<String, int[]> g : rows.groups().entrySet()) {
                countSegment(modelVersion, g.getKey(), start, end, event, trace, w.profile(), o.select(g.getValue()));
            }
        }
        core.events().increment(EventOutcome.OK);
        observed.counted(o, outputs, rows);
    }

    /** Counts a segment's rows into its window, which shares the whole traffic's profile and lifetime. */
    private void countSegment(String modelVersion, String segment, long start, long end, PredictionEvent event,
            TraceContext trace, ReferenceProfile profile, Observation rows) {
        String key = key(modelVersion, segment, start);
        DriftWindow w = live.get(key);
        if (w == null) {
            w = open(key, end, event.model(), profile);
        }
        WindowFeeder.add(rows, w);
        Outputs outputs = Outputs.of(rows, w.profile());
        for (int row = 0; row < rows.rows(); row++) {
            w.performance().predicted(outputs.numbers(row));
        }
        if (trace != null) {
            w.trace().add(trace, event.requestId());
        }
        storage.changed(key, w);
    }

    private ProfileColumns columnsOf(ReferenceProfile profile) {
        if (columns.size() > 1_000) {
            columns.clear(); // replaced profiles would otherwise pile up
        }
        return columns.computeIfAbsent(profile, ProfileColumns::of);
    }

    private Segments segmentsOf(ReferenceProfile profile) {
        if (profile.segments().isEmpty()) {
            return Segments.NONE;
        }
        if (segments.size() > 1_000) {
            segments.clear(); // replaced profiles would otherwise pile up
        }
        return segments.computeIfAbsent(profile, Segments::of);
    }

    /**
     * Scores a prediction joined to its truth in the window of the match's time ({@link Match#matchedAt()}),
     * opening it if needed; a match for a version without a profile, or for a window already closed at
     * {@code now}, is dropped (counted as unscorable in neither: the join counted it as matched). A match
     * of a segmented prediction is scored in its segments' windows too.
     */
    public void score(Match m, long now) {
        score(m, "", now);
        for (String segment : m.segments()) {
            score(m, segment, now);
        }
    }

    private void score(Match m, String segment, long now) {
        long start = spec.startOf(m.matchedAt());
        long end = spec.endOf(start);
        String modelVersion = ModelVersion.key(m.model(), m.version());
        String key = key(modelVersion, segment, start);
        DriftWindow w = live.get(key);
        ReferenceProfile profile = w != null ? w.profile() : profiles.get(modelVersion);
        if (profile == null || spec.closed(end, now)) {
            return;
        }
        if (w == null) {
            w = open(key, end, m.model(), profile);
        }
        w.performance().score(m.outputs(), m.predictedLabel(), m.truth());
        storage.changed(key, w);
    }

    /** The window of {@code key} in memory: restored from storage, or new. */
    private DriftWindow open(String key, long end, String model, ReferenceProfile profile) {
        DriftWindow w = new DriftWindow(profile);
        byte[] stored = storage.get(key);
        if (stored != null) {
            codec.decodeInto(stored, w);
        } else {
            open.add(new Open(end, key));
            models.add(model);
        }
        live.put(key, w);
        return w;
    }

    /** Closes, analyses and publishes every window closed at {@code now}, oldest first. */
    public void closeDue(long now) {
        while (!open.isEmpty() && spec.closed(open.first().end(), now)) {
            Open due = open.pollFirst();
            try {
                close(due);
            } catch (RuntimeException e) {
                // A window that cannot be analysed must not stop monitoring; its counts are dropped.
                LOG.error("could not close drift window {}; dropping it", due.key().replace(SEPARATOR, '@'), e);
            }
            live.remove(due.key());
            storage.delete(due.key());
        }
    }

    private void close(Open due) {
        String modelVersion = modelVersionOf(due.key());
        String segment = segmentOf(due.key());
        DriftWindow w = live.get(due.key());
        if (w == null) {
            byte[] stored = storage.get(due.key());
            ReferenceProfile profile = profiles.get(modelVersion);
            if (stored == null || profile == null) {
                LOG.warn("drift window {} closed without counts or profile; skipped", due.key().replace(SEPARATOR, '@'));
                return;
            }
            w = new DriftWindow(profile);
            codec.decodeInto(stored, w);
        }
        ModelVersion mv = ModelVersion.parse(modelVersion);
        publisher.accept(new WindowResult(mv.model(), mv.version(), segment, Instant.ofEpochMilli(startOf(due.key())),
                Instant.ofEpochMilli(due.end()), core.analyzer().analyze(w), w));
    }

    /** The models this driver has counted windows for (their gauges go when the driver does). */
    public Set<String> models() {
        return Set.copyOf(models);
    }

    /** Open windows (for tests and the shutdown log). */
    public int openWindows() {
        return open.size();
    }

    private static String modelVersionOf(String key) {
        return key.substring(0, key.indexOf(SEPARATOR));
    }

    private static String segmentOf(String key) {
        int first = key.indexOf(SEPARATOR);
        int last = key.lastIndexOf(SEPARATOR);
        return first == last ? "" : key.substring(first + 1, last);
    }

    private static long startOf(String key) {
        return Long.parseLong(key.substring(key.lastIndexOf(SEPARATOR) + 1));
    }
}
