package io.plumbline.bench.load;

/**
 * One Kafka server's events, counted on its topic (see {@link TopicTally}).
 *
 * @param format the server's {@code plumbline.events.format}
 * @param topic its predictions topic
 * @param answered predictions wrk counted as answered with success since the baseline (warm-ups included)
 * @param records records added to the topic since the baseline, read committed
 */
public record TopicCount(String format, String topic, long answered, long records) {

    /**
     * Answered predictions without a record. wrk does not count requests still in flight when a run
     * ends, though the server answers them and sends their events, so the topic may hold up to the
     * concurrency more records per wrk run than wrk counted: a surplus is not a loss, and it can hide
     * at most that many lost events.
     */
    public long lost() {
        return Math.max(0, answered - records);
    }
}
