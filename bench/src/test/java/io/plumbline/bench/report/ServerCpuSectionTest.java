package io.plumbline.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.bench.load.LoadHarness;
import io.plumbline.bench.load.ServerCpu;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A round whose point had errors stays in place, so the other rounds still pair with their own round. */
class ServerCpuSectionTest {

    private static ServerCpu sample(String label, long ticks, boolean valid) {
        // 100,000 requests: 100 ticks (1 s) is 10 us per request.
        return new ServerCpu(label, LoadHarness.ROUND_CONCURRENCY, 100_000, Map.of("other", ticks), valid);
    }

    @Test
    void anInvalidRound_isLeftOut_andTheOthersPairByRound() {
        List<ServerCpu> samples = List.of(
                sample(LoadHarness.H2_LIVE, 100, true), sample(LoadHarness.H2_INFER, 200, true),
                sample(LoadHarness.H2_LIVE, 150, true), sample(LoadHarness.H2_INFER, 300, false),
                sample(LoadHarness.H2_LIVE, 100, true), sample(LoadHarness.H2_INFER, 400, true));
        List<Ratio> ratios = new ServerCpuSection(samples).ratios();
        assertEquals(1, ratios.size());
        // By hand: round 1 10 / 20 = 0.5, round 3 10 / 40 = 0.25; round 2 not counted. Median 0.375 (paired
        // by position among valid samples, live's round 2 would meet infer's round 3: 15 / 40, median 0.4375).
        assertEquals(0.375, ratios.get(0).value(), 1e-9);
        assertTrue(ratios.get(0).spread().contains("0.25–0.50, median of 2 rounds (1 invalid"),
                ratios.get(0).spread());
        StringBuilder md = new StringBuilder();
        new ServerCpuSection(samples).markdown(md);
        // Infer's table row: the median of 20 and 40 us.
        assertTrue(md.toString().contains("| " + LoadHarness.H2_INFER + " | 2 of 3 (the others had errors) | 30.0 |"),
                md.toString());
    }
}
