package io.plumbline.monitor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** A window's example trace: the first sampled event, else the first; counts of every traced event. */
class TraceSampleTest {
    private static final String UNSAMPLED = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00";
    private static final String SAMPLED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
    private static final String SAMPLED_LATER = "00-5b8efff798038103d269b633813fc60c-eee19b7ec3c1b174-01";

    @Test
    void theFirstSampledEvent_isTheExample_overAnEarlierUnsampledOne() {
        TraceSample s = new TraceSample();
        s.add(TraceContext.of(UNSAMPLED, null), "a");
        assertEquals("a", s.requestId(), "while none is sampled, the first one");
        s.add(TraceContext.of(SAMPLED, null), "b");
        s.add(TraceContext.of(SAMPLED_LATER, null), "c");
        s.add(TraceContext.of(UNSAMPLED, null), "d");
        assertEquals(SAMPLED, s.example().traceparent());
        assertEquals("b", s.requestId());
        assertEquals(4, s.traced());
    }

    @Test
    void merge_addsCounts_andTakesTheOtherExampleOnlyWhenItIsBetter() {
        TraceSample unsampled = new TraceSample();
        unsampled.add(TraceContext.of(UNSAMPLED, null), "a");
        TraceSample sampled = new TraceSample();
        sampled.add(TraceContext.of(SAMPLED, null), "b");
        sampled.add(TraceContext.of(SAMPLED_LATER, null), "c");
        unsampled.merge(sampled);
        assertEquals("b", unsampled.requestId());
        assertEquals(3, unsampled.traced());
        TraceSample empty = new TraceSample();
        sampled.merge(empty);
        assertEquals("b", sampled.requestId());
        assertEquals(2, sampled.traced());
        empty.merge(sampled);
        assertEquals(SAMPLED, empty.example().traceparent());
        sampled.reset();
        assertTrue(sampled.isEmpty());
        assertEquals(0, sampled.traced());
    }

    @Test
    void longRequestIds_areCut_neverInsideASurrogatePair() {
        TraceSample s = new TraceSample();
        s.add(TraceContext.of(SAMPLED, null), "x".repeat(127) + "\uD83D\uDE00" + "tail");
        assertEquals("x".repeat(127), s.requestId());
        s.reset();
        s.add(TraceContext.of(SAMPLED, null), "y".repeat(200));
        assertEquals("y".repeat(TraceSample.MAX_REQUEST_ID), s.requestId());
    }
}
