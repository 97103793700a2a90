package io.plumbline.serving.events;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.PredictionEvent;
import java.time.Duration;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Sink {@code embedded}: events wait in a bounded in-process queue for the monitor running in the same
 * JVM, which drains it from its own thread with {@link #poll} or {@link #drainTo}; reference profiles
 * are kept by {@code model:version} in {@link #profiles()}. Nothing is serialised: each event waits as a
 * {@link TracedEvent}, with its request's {@code traceparent} when the request was traced.
 *
 * <p>When the queue is full (no consumer, or one that cannot keep up) new events are dropped and
 * counted; an event taken into the queue counts as sent. Ground-truth feedback waits in a second queue
 * of the same capacity, bounded and counted the same way ({@code prediction.feedback}), drained with
 * {@link #pollFeedback} or {@link #drainFeedbackTo}. The injected {@code EventSink} bean is this
 * class when the sink is embedded: a consumer checks with {@code instanceof}.
 */
public final class EmbeddedEventSink implements EventSink {
    private final int capacity;
    private final BlockingQueue<TracedEvent> queue;
    private final Map<String, byte[]> profiles = new ConcurrentHashMap<>();
    private final BlockingQueue<FeedbackRecord> feedback;
    private final EventCounters counters;
    private final EventCounters feedbackCounters;
    private final String fullReason;
    private final String feedbackFullReason;
    // Set once something takes events: without a consumer, waiting for the queue to drain is pointless.
    private volatile boolean consumed;
    private volatile boolean feedbackConsumed;

    /** @param capacity of each queue, events and feedback */
    EmbeddedEventSink(int capacity, EventCounters counters, EventCounters feedbackCounters) {
        this.capacity = capacity;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.feedback = new ArrayBlockingQueue<>(capacity);
        this.counters = counters;
        this.feedbackCounters = feedbackCounters;
        this.fullReason = "the embedded event queue is full (" + capacity + " events): nothing is draining it fast "
                + "enough";
        this.feedbackFullReason = "the embedded feedback queue is full (" + capacity + " records): nothing is "
                + "draining it fast enough";
    }

    @Override
    public SinkKind kind() {
        return SinkKind.EMBEDDED;
    }

    @Override
    public void offer(PredictionEvent event) {
        offer(event, null);
    }

    @Override
    public void offer(PredictionEvent event, String traceparent) {
        if (queue.offer(new TracedEvent(event, traceparent))) {
            counters.sent();
        } else {
            counters.dropped(fullReason);
        }
    }

    @Override
    public boolean offerFeedback(FeedbackRecord record) {
        if (feedback.offer(record)) {
            feedbackCounters.sent();
            return true;
        }
        feedbackCounters.dropped(feedbackFullReason);
        return false;
    }

    @Override
    public void publishProfile(String model, String version, byte[] profileJson) {
        profiles.put(model + ":" + version, profileJson.clone());
    }

    /** The next event, waiting up to {@code timeout}; null if none arrived. For the consumer's thread. */
    public TracedEvent poll(Duration timeout) throws InterruptedException {
        consumed = true;
        return queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Moves up to {@code max} queued events into {@code into} without waiting; returns how many. */
    public int drainTo(Collection<? super TracedEvent> into, int max) {
        consumed = true;
        return queue.drainTo(into, max);
    }

    /** Events waiting now. */
    public int queued() {
        return queue.size();
    }

    /** Events the queue holds at most before new ones are dropped. */
    public int capacity() {
        return capacity;
    }

    /** The next feedback record, waiting up to {@code timeout}; null if none arrived. For the consumer's thread. */
    public FeedbackRecord pollFeedback(Duration timeout) throws InterruptedException {
        feedbackConsumed = true;
        return feedback.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** Moves up to {@code max} queued feedback records into {@code into} without waiting; returns how many. */
    public int drainFeedbackTo(Collection<? super FeedbackRecord> into, int max) {
        feedbackConsumed = true;
        return feedback.drainTo(into, max);
    }

    /** Feedback records waiting now. */
    public int queuedFeedback() {
        return feedback.size();
    }

    /** The latest reference profile of each loaded version, by {@code model:version} (a snapshot). */
    public Map<String, byte[]> profiles() {
        return Map.copyOf(profiles);
    }

    /**
     * The latest reference profile of {@code model:version}, or null: the same array until the version's
     * profile is replaced, so the monitor's profile cache checks it by reference. Callers must not change it.
     */
    public byte[] profile(String modelVersion) {
        return profiles.get(modelVersion);
    }

    /**
     * Waits until the consumer has taken every queued event and feedback record, for at most
     * {@code timeout} (shutdown, before {@link #close}). A queue nothing has ever consumed from is not
     * waited for.
     *
     * @return true when both queues are empty
     */
    public boolean awaitDrained(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while ((consumed && !queue.isEmpty() || feedbackConsumed && !feedback.isEmpty())
                && System.nanoTime() < deadline) {
            // Shutdown only, a few times at most: polling keeps poll() and drainTo() free of signalling.
            Thread.sleep(10);
        }
        return queue.isEmpty() && feedback.isEmpty();
    }

    /** Drops what is still queued (call {@link #awaitDrained} first to let the consumer take it). */
    @Override
    public void close() {
        queue.clear();
        feedback.clear();
    }
}
