package io.plumbline.bench.load;

import java.util.List;

/**
 * A server's prediction events by outcome, from {@code /prometheus}: {@code prediction_events_total}
 * with {@code outcome} sent, dropped or failed, beside the predictions answered
 * ({@code inference_requests_seconds_count}, outcome ok), each of which offers one event when the sink
 * is not {@code none} (sample rate 1). Either a moment's totals or the difference of two.
 */
public record EventCounts(long predictions, long sent, long dropped, long failed) {
    static final EventCounts ZERO = new EventCounts(0, 0, 0, 0);

    /** Events with an outcome; equal to {@link #predictions} once every offered event is settled. */
    public long outcomes() {
        return sent + dropped + failed;
    }

    EventCounts minus(EventCounts o) {
        return new EventCounts(predictions - o.predictions, sent - o.sent, dropped - o.dropped, failed - o.failed);
    }

    EventCounts plus(EventCounts o) {
        return new EventCounts(predictions + o.predictions, sent + o.sent, dropped + o.dropped, failed + o.failed);
    }

    static EventCounts parse(String scrape) {
        return new EventCounts((long) counter(scrape, "inference_requests_seconds_count", List.of("outcome=\"ok\"")),
                (long) counter(scrape, "prediction_events_total", List.of("outcome=\"sent\"")),
                (long) counter(scrape, "prediction_events_total", List.of("outcome=\"dropped\"")),
                (long) counter(scrape, "prediction_events_total", List.of("outcome=\"failed\"")));
    }

    /**
     * A Prometheus counter (or a histogram's {@code _count}) summed over the series whose labels
     * contain every given {@code name="value"}; 0 when there is none.
     */
    static double counter(String scrape, String metric, List<String> labels) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if ((line.startsWith(metric + "{") || line.startsWith(metric + " "))
                    && labels.stream().allMatch(line::contains)) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
