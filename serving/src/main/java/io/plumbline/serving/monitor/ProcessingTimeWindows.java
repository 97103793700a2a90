package io.plumbline.serving.monitor;

import io.plumbline.events.PredictionEvent;
import io.plumbline.events.profile.ProfileFormatException;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.metrics.EventCounters;
import io.plumbline.monitor.metrics.EventOutcome;
import io.plumbline.monitor.observe.InvalidObservationException;
import io.plumbline.monitor.observe.ModelVersion;
import io.plumbline.monitor.observe.ProfileColumns;
import io.plumbline.monitor.observe.WindowFeeder;
import io.plumbline.monitor.result.WindowResult;
import io.plumbline.monitor.result.WindowSpec;
import io.plumbline.monitor.window.DriftWindow;
import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The open window of each (model, version), by processing time: {@link #add} counts an event into the
 * window containing {@code now}, {@link #closeDue} closes windows whose end has passed and returns
 * their drift. Profiles are looked up once per window (so a replaced profile applies from the next
 * window), and a version without one is remembered until the next {@link #closeDue}, so its events
 * do not each copy the sink's profile map. Synchronized: the draining thread adds, a timer closes.
 */
final class ProcessingTimeWindows {
    private static final Logger LOG = LoggerFactory.getLogger(ProcessingTimeWindows.class);

    private final WindowSpec spec;
    private final DriftAnalyzer analyzer;
    private final EventCounters events;
    private final Supplier<Map<String, byte[]>> profiles;
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();
    private final Map<String, Open> open = new HashMap<>();
    private final Map<String, Decoded> decoded = new HashMap<>();
    private final Set<String> unknown = new HashSet<>();
    private final Set<String> reported = new HashSet<>();

    private record Open(ModelVersion key, long start, DriftWindow window) {
    }

    private record Decoded(byte[] raw, ReferenceProfile profile) {
    }

    ProcessingTimeWindows(WindowSpec spec, DriftAnalyzer analyzer, EventCounters events,
            Supplier<Map<String, byte[]>> profiles) {
        this.spec = spec;
        this.analyzer = analyzer;
        this.events = events;
        this.profiles = profiles;
    }

    /** Counts the event; returns the drift of a previous window it had to close first (rarely any). */
    synchronized List<WindowResult> add(PredictionEvent e, long now) {
        String key = ModelVersion.key(e.model(), e.version());
        long start = spec.startOf(now);
        Open o = open.get(key);
        List<WindowResult> closed = List.of();
        if (o != null && o.start() != start) {
            // The timer has not closed it yet; close it here so its counts stay in their own window.
            open.remove(key);
            closed = List.of(close(o));
            o = null;
        }
        if (o == null) {
            ReferenceProfile p = unknown.contains(key) ? null : profile(key);
            if (p == null) {
                unknown.add(key);
                events.increment(EventOutcome.UNKNOWN_MODEL);
                return closed;
            }
            o = new Open(new ModelVersion(e.model(), e.version()), start, new DriftWindow(p));
            open.put(key, o);
        }
        try {
            WindowFeeder.add(ProfileColumns.observe(e, o.window().profile()), o.window());
            events.increment(EventOutcome.OK);
        } catch (InvalidObservationException | ArithmeticException ex) {
            events.increment(EventOutcome.INVALID);
        }
        return closed;
    }

    /** Closes every window that ended at or before {@code now}. */
    synchronized List<WindowResult> closeDue(long now) {
        unknown.clear();
        List<WindowResult> results = new ArrayList<>();
        for (Iterator<Open> it = open.values().iterator(); it.hasNext(); ) {
            Open o = it.next();
            if (spec.endOf(o.start()) <= now) {
                it.remove();
                results.add(close(o));
            }
        }
        return results;
    }

    private WindowResult close(Open o) {
        return new WindowResult(o.key().model(), o.key().version(), Instant.ofEpochMilli(o.start()),
                Instant.ofEpochMilli(spec.endOf(o.start())), analyzer.analyze(o.window()), o.window());
    }

    private ReferenceProfile profile(String key) {
        byte[] raw = profiles.get().get(key);
        if (raw == null) {
            return null;
        }
        Decoded d = decoded.get(key);
        if (d != null && d.raw() == raw) {
            return d.profile();
        }
        try {
            ReferenceProfile p = codec.read(new ByteArrayInputStream(raw), "reference profile of " + key);
            decoded.put(key, new Decoded(raw, p));
            return p;
        } catch (ProfileFormatException | IllegalArgumentException ex) {
            if (reported.add(key)) {
                LOG.warn("Drift monitoring of {} is off: {}", key, ex.getMessage());
            }
            return null;
        }
    }
}
