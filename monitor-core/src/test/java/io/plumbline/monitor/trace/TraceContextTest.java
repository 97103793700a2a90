package io.plumbline.monitor.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** W3C Trace Context Level 1 traceparent syntax; the valid and invalid headers are the spec's examples and rules. */
class TraceContextTest {
    private static final String SPEC_EXAMPLE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void theSpecsExample_isRead_intoItsTraceAndSpanIds() {
        TraceContext c = TraceContext.of(SPEC_EXAMPLE, "congo=t61rcWkgMzE");
        assertEquals(SPEC_EXAMPLE, c.traceparent());
        assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", c.traceId());
        assertEquals("00f067aa0ba902b7", c.spanId());
        assertEquals("congo=t61rcWkgMzE", c.tracestate());
    }

    @Test
    void noHeader_isNoContext() {
        assertNull(TraceContext.of(null, "congo=t61rcWkgMzE"));
    }

    @Test
    void aLaterVersion_keepsTheFieldsThisVersionDefines() {
        TraceContext c = TraceContext.of(
                "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-the-future-holds", null);
        assertEquals("cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", c.traceparent());
        assertEquals("", c.tracestate());
    }

    @Test
    void anUnusableTracestate_isDropped_theTraceparentKept() {
        assertEquals("", TraceContext.of(SPEC_EXAMPLE, "a=" + "x".repeat(511)).tracestate(), "over 512 characters");
        assertEquals("", TraceContext.of(SPEC_EXAMPLE, "a=b\nc=d").tracestate(), "a control character");
        assertEquals("a=" + "x".repeat(510), TraceContext.of(SPEC_EXAMPLE, "a=" + "x".repeat(510)).tracestate());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "",
        "00-4BF92F3577B34DA6A3CE929D0E0E4736-00F067AA0BA902B7-01", // uppercase
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
        "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", // version ff is invalid
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-extra", // version 00 has no more fields
        "cc-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01x", // a later version's fields follow a dash
        "00-4bf92f3577b34da6a3ce929d0e0e473-600f067aa0ba902b7-01", // dashes in the wrong places
        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-0g", // not hex
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "4bf92f3577b34da6a3ce929d0e0e4736",
    })
    void malformedTraceparents_areRefused(String header) {
        assertThrows(IllegalArgumentException.class, () -> TraceContext.of(header, null), header);
    }
}
