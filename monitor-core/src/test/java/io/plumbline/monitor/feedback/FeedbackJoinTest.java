package io.plumbline.monitor.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.observe.Column;
import io.plumbline.monitor.observe.Observation;
import io.plumbline.monitor.observe.Outputs;
import io.plumbline.monitor.observe.RowSegments;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Feedback joined to predictions in order, out of order, duplicated, late, for unknown ids and per row of
 * a batch request. Each expected count is the test's own tally of the records it sent (written next to
 * each step), not the join's; the matched pairs carry the outputs the test put in the prediction.
 */
class FeedbackJoinTest {
    private static final long HOUR = 3_600_000;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final FeedbackCounters counters = new FeedbackCounters(registry);
    private final MemoryJoinStore store = new MemoryJoinStore(1000);
    private final List<Match> matches = new ArrayList<>();
    private final FeedbackJoin join = new FeedbackJoin(Duration.ofHours(1), store, counters, matches::add);
    private final ReferenceProfile profile = profile();

    private static ReferenceProfile profile() {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(2));
        b.numeric("x", FeatureRole.INPUT);
        b.numeric("no", FeatureRole.OUTPUT);
        b.numeric("yes", FeatureRole.OUTPUT);
        for (int i = 0; i < 10; i++) {
            b.add("x", i);
            b.add("no", i / 10.0);
            b.add("yes", 1 - i / 10.0);
        }
        b.addRows(10);
        return b.build();
    }

    private void predict(String id, long at, double... yes) {
        double[] x = new double[yes.length];
        double[] no = new double[yes.length];
        for (int i = 0; i < yes.length; i++) {
            no[i] = 1 - yes[i];
        }
        Observation o = new Observation("m", "2", id, at, yes.length, List.of(Column.numeric("x", x),
                Column.numeric("no", no), Column.numeric("yes", yes)));
        join.prediction(o, Outputs.of(o, profile), RowSegments.NONE);
    }

    private void feedback(String id, String label, long time, long now) {
        join.feedback(FeedbackRecord.ofLabel("m", "", id, label, -1, Instant.ofEpochMilli(time)), now);
    }

    private Map<String, Double> outcomes() {
        Map<String, Double> counts = new TreeMap<>();
        for (JoinOutcome o : JoinOutcome.values()) {
            counts.put(o.tag(), counters.count(o));
        }
        counts.put("waiting", counters.waitingCount());
        return counts;
    }

    @Test
    void everyRecordEndsAsExactlyOneOutcome() {
        predict("a", 0, 0.9);
        feedback("a", "yes", 10, 10);                      // matched 1, in order
        feedback("c", "no", 20, 20);                        // waiting 1: before its prediction
        predict("c", 30, 0.2);                              // matched 2, out of order
        feedback("a", "yes", 40, 40);                       // duplicate 1: a is labelled
        feedback("c", "no", 45, 45);                        // duplicate 2: c is labelled
        feedback("d", "yes", 50, 50);                       // waiting 2
        feedback("d", "no", 60, 60);                        // duplicate 3: d's first record is waiting
        predict("d", 70, 0.6);                              // matched 3, with the first record (yes)
        predict("e", 100, 0.5);
        feedback("e", "yes", 100 + HOUR + 1, 200);          // late 1: its time is past e's window
        feedback("z", "no", 200, 200);                      // waiting 3: an id nobody predicted
        predict("b", 300, 0.7, 0.1);                        // a request of two rows: ids b#0, b#1
        feedback("b#0", "yes", 310, 310);                   // matched 4
        feedback("b#1", "no", 320, 320);                    // matched 5
        feedback("b", "no", 330, 330);                      // waiting 4: rows are labelled by b#r
        predict("", 340, 0.5);                              // no id: cannot be labelled, not kept
        assertEquals(Map.of("matched", 5.0, "duplicate", 3.0, "late", 1.0, "unmatched", 0.0, "invalid", 0.0, "waiting", 4.0),
                outcomes());

        join.expire(200 + HOUR - 1);
        assertEquals(0.0, counters.count(JoinOutcome.UNMATCHED), "z still has a millisecond to wait");
        join.expire(330 + HOUR);                            // unmatched 1 (z), 2 (b)
        assertEquals(Map.of("matched", 5.0, "duplicate", 3.0, "late", 1.0, "unmatched", 2.0, "invalid", 0.0, "waiting", 4.0),
                outcomes());
        assertEquals(0, store.size(), "everything expired by an hour after the last arrival");

        assertEquals(List.of("a:yes", "c:no", "d:yes", "b#0:yes", "b#1:no"),
                matches.stream().map(m -> m.truth().requestId() + ":" + m.truth().label()).toList());
        Match d = matches.get(2);
        assertEquals("2", d.version(), "the version comes from the prediction");
        assertEquals(70, d.predictedAt());
        assertArrayEquals(new double[] {0.4, 0.6}, d.outputs(), 1e-12, "outputs in the profile's order: no, yes");
        assertArrayEquals(new double[] {0.9, 0.1}, matches.get(4).outputs(), 1e-12, "row 1 of b");
    }

    @Test
    void aLabelledPredictionAcceptsNoSecondTruth_untilItExpires() {
        predict("a", 0, 0.9);
        feedback("a", "yes", 10, 10);
        predict("a", 20, 0.1);                              // the id reused: the labelled prediction stays
        feedback("a", "no", 30, 30);                        // duplicate
        join.expire(HOUR);                                  // a's window (0 + 1 h) has passed
        feedback("a", "no", HOUR + 10, HOUR + 10);          // waits: nothing of a is left
        join.expire(2 * HOUR + 10);
        assertEquals(Map.of("matched", 1.0, "duplicate", 1.0, "late", 0.0, "unmatched", 1.0, "invalid", 0.0, "waiting", 1.0),
                outcomes());
    }

    @Test
    void theMemoryStoreDropsTheSoonestExpiringEntryPastItsCapacity() {
        MemoryJoinStore small = new MemoryJoinStore(2);
        small.put("k1", new byte[] {1}, 300);
        small.put("k2", new byte[] {2}, 100);
        small.put("k3", new byte[] {3}, 200);
        assertEquals(2, small.size());
        List<String> expired = new ArrayList<>();
        small.expire(0, (k, v) -> expired.add(k + "=" + v[0]));
        assertEquals(List.of("k2=2"), expired, "k2 expired soonest, so it made room, and is handed on as expired");
        small.expire(250, (k, v) -> expired.add(k + "=" + v[0]));
        assertEquals(List.of("k2=2", "k3=3"), expired);
        assertEquals(1, small.size());
    }
}
