package io.plumbline.serving.inference;

import java.nio.charset.StandardCharsets;

/**
 * Client-supplied text as an error message may quote it. A message echoed in full let a 1 MB input
 * name make a 2 MB error body (and, over gRPC, a status too large for the trailers, which the client
 * then saw as RESOURCE_EXHAUSTED): quotes keep {@value #MAX_CHARS} characters, say how long the
 * whole was, and escape control characters so a name cannot forge log lines.
 */
public final class Quoted {
    static final int MAX_CHARS = 64;

    private Quoted() {
    }

    public static String of(String s) {
        if (s == null) {
            return "null";
        }
        int keep = Math.min(s.length(), MAX_CHARS);
        StringBuilder b = new StringBuilder(keep + 24);
        for (int i = 0; i < keep; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > MAX_CHARS) {
            b.append("…(").append(s.getBytes(StandardCharsets.UTF_8).length).append(" bytes)");
        }
        return b.toString();
    }
}
