package io.plumbline.bench.load;

import io.plumbline.testing.TopicReader;

/**
 * Events lost, counted from the topic itself rather than from the server's counters: the predictions
 * a client saw answered with success since a baseline, against the records added to the server's
 * predictions topic since then, read to its end offsets with {@code isolation.level=read_committed}
 * ({@link TopicReader}). The baseline is taken with the server settled (every event has an outcome)
 * after its sink was ready, so the events dropped by design while its topics were created are not counted.
 */
final class TopicTally {
    private final String topic;
    private final String bootstrap;
    private final long baseline;
    private long answered;

    /** Call with the server settled after its sink was ready: takes the baseline now. */
    TopicTally(String topic, String bootstrap) {
        this.topic = topic;
        this.bootstrap = bootstrap;
        this.baseline = records();
    }

    /** Adds a wrk run's successful responses (requests minus non-2xx and socket errors). */
    void answered(LoadResult r) {
        answered += r.requests() - r.errors();
    }

    /** Call with the server settled: reads the topic to its end now. */
    TopicCount count(String format) {
        return new TopicCount(format, topic, answered, records() - baseline);
    }

    private long records() {
        long[] n = {0};
        TopicReader.scan(bootstrap, topic, r -> n[0]++);
        return n[0];
    }
}
