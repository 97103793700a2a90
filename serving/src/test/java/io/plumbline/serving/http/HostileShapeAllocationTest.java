package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * A body claiming a large shape with one value must cost the server about what the body costs,
 * not what the shape claims. Measured as bytes allocated by all the server's threads (HotSpot's
 * per-thread allocation counters), which, unlike heap occupancy after a GC, do not depend on when
 * the collector runs: the probe's {@code [10000000]} FP64 claim once allocated 80 MB per request.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileShapeAllocationTest implements TestPropertyProvider {
    /** Elements claimed: under max-tensor-elements (4194304) and under the body's byte count. */
    private static final int CLAIMED = 4_000_000;
    private static final int REQUESTS = 16;

    @Inject
    EmbeddedServer server;

    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return TestRepository.serverProperties();
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    @Test
    void aHugeShapeWithOneValue_allocatesAboutTheBody_notTheShape() {
        String json = "{\"inputs\":[{\"name\":\"features\",\"shape\":[" + CLAIMED
                + "],\"datatype\":\"FP64\",\"data\":[1]}]}";
        // Padding so the body has more bytes than the shape claims elements (the cheap check passes).
        byte[] body = Arrays.copyOf(json.getBytes(StandardCharsets.UTF_8), CLAIMED + 4096);
        Arrays.fill(body, json.length(), body.length, (byte) ' ');
        // Warm up: class loading and JIT allocate on first use.
        assertEquals(400, client.post("/v2/models/weather/infer", body, Map.of()).status());

        long before = allocatedByAllThreads();
        for (int i = 0; i < REQUESTS; i++) {
            V2Client.Reply r = client.post("/v2/models/weather/infer", body, Map.of());
            assertEquals(400, r.status(), new String(r.body(), StandardCharsets.UTF_8));
            assertTrue(r.error().contains("needs " + CLAIMED), r.error());
        }
        long perRequest = (allocatedByAllThreads() - before) / REQUESTS;
        // Allocating for the shape is 8 bytes x 4,000,000 = 32 MB a request, 8x the 4 MB body; the
        // body itself is buffered and copied a few times on its way in (client, Netty, byte[]).
        long claimed = 8L * CLAIMED;
        assertTrue(perRequest < claimed / 2, "allocated " + perRequest / 1_000_000 + " MB per request of "
                + body.length / 1_000_000 + " MB; the shape claims " + claimed / 1_000_000 + " MB");
    }

    private static long allocatedByAllThreads() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long[] ids = threads.getAllThreadIds();
        return Arrays.stream(threads.getThreadAllocatedBytes(ids)).filter(b -> b > 0).sum();
    }
}
