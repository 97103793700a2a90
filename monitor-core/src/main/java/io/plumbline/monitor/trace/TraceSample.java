package io.plumbline.monitor.trace;

/**
 * The traced events of one window, in bounded memory: how many were traced and one example (its
 * {@link TraceContext} and request id): the first sampled one, or while none was sampled the first one.
 * One example is what an SRE needs to go from a drift record to a trace of a request counted in that
 * window; every trace id would grow with traffic. A sampled example is preferred because a backend only
 * has the spans of sampled requests.
 *
 * <p>"First" is in the order the window counted its events, which under Kafka Streams is the partition's
 * offset order: a replay after a crash counts the same events in the same order, so the kept example is
 * the same. Merging keeps the receiving window's example unless only the other one is sampled. Memory: a
 * 55-character traceparent, a tracestate of at most 512 characters and a request id of at most
 * {@value #MAX_REQUEST_ID}. Not thread-safe, like the window that holds it.
 */
public final class TraceSample {
    /** Request ids are chosen by clients; longer ones are cut (they only help find the request). */
    public static final int MAX_REQUEST_ID = 128;

    private TraceContext example;
    private String requestId = "";
    private long traced;

    /** Counts one traced event; it becomes the example if it is the first, or the first sampled one. */
    public void add(TraceContext context, String requestId) {
        if (better(context)) {
            restore(context, requestId, 0);
        }
        traced++;
    }

    private boolean better(TraceContext candidate) {
        return example == null || !example.sampled() && candidate.sampled();
    }

    /** Sets the stored example and count (a window decoded from its stored bytes). */
    public void restore(TraceContext context, String requestId, long tracedEvents) {
        if (context == null || requestId == null || tracedEvents < 0) {
            throw new IllegalArgumentException("a trace sample needs a context, a request id and a count >= 0");
        }
        this.example = context;
        this.requestId = cut(requestId);
        this.traced += tracedEvents;
    }

    /** At most {@value #MAX_REQUEST_ID} characters, never half a surrogate pair (it would not survive UTF-8). */
    private static String cut(String id) {
        if (id.length() <= MAX_REQUEST_ID) {
            return id;
        }
        int end = Character.isHighSurrogate(id.charAt(MAX_REQUEST_ID - 1)) ? MAX_REQUEST_ID - 1 : MAX_REQUEST_ID;
        return id.substring(0, end);
    }

    /** The example's context, or null when no event of the window was traced. */
    public TraceContext example() {
        return example;
    }

    /** The example's request id (empty when it had none, or none was traced). */
    public String requestId() {
        return requestId;
    }

    /** Events of the window that carried a valid traceparent. */
    public long traced() {
        return traced;
    }

    public boolean isEmpty() {
        return example == null;
    }

    /** Adds {@code other}'s count; its example is taken only when this one has none or only it is sampled. */
    public void merge(TraceSample other) {
        if (other.example != null) {
            if (better(other.example)) {
                example = other.example;
                requestId = other.requestId;
            }
            traced += other.traced;
        }
    }

    public void reset() {
        example = null;
        requestId = "";
        traced = 0;
    }
}
