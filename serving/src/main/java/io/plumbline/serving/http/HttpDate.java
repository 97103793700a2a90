package io.plumbline.serving.http;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The {@code Date} header (RFC 9110, 6.6.1: a server with a clock sends it), formatted once a second
 * rather than per response. Read and written on many event loops: the cached pair is one immutable
 * object, so a reader never sees a second with another second's text.
 */
final class HttpDate {
    private record Stamp(long second, String text) {
    }

    private final Clock clock;
    private volatile Stamp stamp = new Stamp(Long.MIN_VALUE, "");

    HttpDate(Clock clock) {
        this.clock = clock;
    }

    String now() {
        long millis = clock.millis();
        long second = Math.floorDiv(millis, 1000L);
        Stamp s = stamp;
        if (s.second() != second) {
            s = new Stamp(second, DateTimeFormatter.RFC_1123_DATE_TIME.format(
                    Instant.ofEpochSecond(second).atOffset(ZoneOffset.UTC)));
            stamp = s;
        }
        return s.text();
    }
}
