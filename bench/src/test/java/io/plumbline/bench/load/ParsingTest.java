package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Fast checks of what the harness reads back: wrk's report, Prometheus histograms, the latency buckets. */
class ParsingTest {
    private static final String WRK = """
            Running 5s test @ http://127.0.0.1:8080/v2/health/live
              2 threads and 32 connections
              Thread Stats   Avg      Stdev     Max   +/- Stdev
                Latency   521.36us    1.02ms  30.11ms   95.10%
                Req/Sec    38.10k     2.11k   41.00k    80.00%
              Latency Distribution
                 50%  420.00us
                 75%  510.00us
                 90%    1.10ms
                 99%    2.10s
              381000 requests in 5.00s, 40.00MB read
              Socket errors: connect 0, read 2, write 0, timeout 1
              Non-2xx or 3xx responses: 4
            Requests/sec:  76200.50
            Transfer/sec:      8.00MB
            """;

    @Test
    void wrkReport_givesThroughputPercentilesAndErrors() {
        LoadResult r = Wrk.parse("live", 32, WRK);
        assertEquals(76200.50, r.throughput());
        assertEquals(420.0, r.p50Micros());
        assertEquals(1100.0, r.p90Micros());
        assertEquals(2_100_000.0, r.p99Micros());
        assertEquals(381000, r.requests());
        assertEquals(7, r.errors());
    }

    @Test
    void prometheusHistogram_differenceOfScrapes_interpolatesInsideTheBucket() {
        String before = scrape(0, 0, 0, 0.0);
        String after = scrape(10, 30, 40, 0.004);
        ServerHistogram h = ServerHistogram.parse(after, "inference_requests_seconds", List.of("protocol=\"rest\""))
                .minus(ServerHistogram.parse(before, "inference_requests_seconds", List.of("protocol=\"rest\"")));
        // 40 requests: 10 up to 50 us, 20 in (50, 100] us; the 20th is half-way through the second bucket.
        assertEquals(75.0, h.quantileMicros(0.5), 1e-9);
        assertEquals(100.0, h.meanMicros(), 1e-9);
    }

    private static String scrape(long le50, long le100, long inf, double sum) {
        String labels = "model=\"weather\",outcome=\"ok\",protocol=\"rest\",version=\"1\"";
        return "# TYPE inference_requests_seconds histogram\n"
                + "inference_requests_seconds_bucket{" + labels + ",le=\"5.0E-5\"} " + le50 + "\n"
                + "inference_requests_seconds_bucket{" + labels + ",le=\"1.0E-4\"} " + le100 + "\n"
                + "inference_requests_seconds_bucket{" + labels + ",le=\"+Inf\"} " + inf + "\n"
                + "inference_requests_seconds_bucket{model=\"weather\",protocol=\"grpc\",le=\"+Inf\"} 99\n"
                + "inference_requests_seconds_count{" + labels + "} " + inf + "\n"
                + "inference_requests_seconds_sum{" + labels + "} " + sum + "\n";
    }

    @Test
    void eventCounters_sumTheMatchingSeries() {
        String scrape = "# TYPE prediction_events_total counter\n"
                + "prediction_events_total{outcome=\"dropped\"} 12.0\n"
                + "prediction_events_total{outcome=\"failed\"} 0.0\n"
                + "prediction_events_total{outcome=\"sent\"} 48213.0\n"
                + "prediction_events_total_created{outcome=\"sent\"} 1.7E9\n"
                + scrape(10, 30, 40, 0.004);
        EventCounts e = EventCounts.parse(scrape);
        assertEquals(new EventCounts(40, 48213, 12, 0), e);
        assertEquals(48225, e.outcomes());
        assertEquals(new EventCounts(0, 0, 0, 0), EventCounts.parse("# nothing\n"));
    }

    @Test
    void median_takesEachColumnOnItsOwn() {
        List<KafkaRun> runs = List.of(new KafkaRun(new LoadResult("x", 32, 100, 5, 9, 50, 600, 0), 1.0, 0.1),
                new KafkaRun(new LoadResult("x", 32, 300, 4, 8, 70, 1800, 1), 1.2, 0.3),
                new KafkaRun(new LoadResult("x", 32, 200, 6, 7, 60, 1200, 0), 1.1, 0.2));
        LoadResult m = KafkaReport.median("x", runs);
        assertEquals(200, m.throughput());
        assertEquals(5, m.p50Micros());
        assertEquals(60, m.p99Micros());
        assertEquals(3600, m.requests());
        assertEquals(1, m.errors());
        assertEquals(250, KafkaReport.median(runs.subList(1, 3), r -> r.result().throughput()));
        assertEquals(5500, KafkaReport.median(runs, KafkaRun::serverCpuMicrosPerRequest), 1e-6);
    }

    @Test
    void latencyBuckets_areContiguousAndWithinTwoPercent() {
        for (long v = 0; v < 10_000_000; v += 997) {
            int i = LatencyRecorder.index(v);
            long low = LatencyRecorder.lowerEdge(i);
            long next = LatencyRecorder.lowerEdge(i + 1);
            assertEquals(true, low <= v && v < next, "value " + v + " outside bucket " + i);
            assertEquals(true, next - low <= Math.max(1, low / 60), "bucket " + i + " too wide");
        }
    }
}
