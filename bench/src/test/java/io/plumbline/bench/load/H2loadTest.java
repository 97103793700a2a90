package io.plumbline.bench.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** h2load's summary as the harness reads it, and the gRPC message frame it sends. */
class H2loadTest {
    // The summary h2load 1.52 prints (numbers changed so each field is distinct).
    private static final String OUT = """
            starting benchmark...
            spawning thread #0: 1 total client(s). 0 total requests
            Application protocol: h2c

            finished in 2.00s, 15234.50 req/s, 1.71MB/s
            requests: 30469 total, 30501 started, 30462 done, 30455 succeeded, 3 failed, 2 errored, 1 timeout
            status codes: 30455 2xx, 0 3xx, 4 4xx, 5 5xx
            traffic: 3.42MB (3590120) total, 1.05MB (1101000) headers (space savings 95.12%), 1.19MB (1247340) data
                                 min         max         mean         sd        +/- sd
            time for request:      512us     12.41ms      2.07ms       803us    74.32%
            time for connect:      153us       153us       153us         0us   100.00%
            time to 1st byte:     3.03ms      3.03ms      3.03ms         0us   100.00%
            req/s           :   15234.19    15234.19    15234.19        0.00   100.00%
            """;

    @Test
    void summary_givesThroughputDoneAndEveryKindOfError() {
        LoadResult r = H2load.parse("grpc", 32, OUT);
        assertEquals(15234.50, r.throughput());
        assertEquals(30462, r.requests());
        // 3 failed + 2 errored + 1 timeout + 0 3xx + 4 4xx + 5 5xx
        assertEquals(15, r.errors());
        assertFalse(r.valid());
        assertTrue(Double.isNaN(r.p50Micros()));
    }

    @Test
    void frame_isFlagZeroThenBigEndianLengthThenTheMessage() {
        byte[] message = new byte[300];
        message[0] = 7;
        message[299] = 9;
        byte[] f = H2load.frame(message);
        assertEquals(305, f.length);
        // 300 = 0x0000012C
        assertArrayEquals(new byte[] {0, 0, 0, 1, 0x2C, 7}, java.util.Arrays.copyOf(f, 6));
        assertEquals(9, f[304]);
        assertArrayEquals(new byte[] {0, 0, 0, 0, 0}, H2load.frame(new byte[0]));
    }
}
