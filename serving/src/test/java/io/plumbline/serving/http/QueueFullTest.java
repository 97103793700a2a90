package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.model.testing.TestModels;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * With one worker and room for one queued request, a burst of concurrent requests to a slow model
 * gets 429 for the overflow, with a message saying to retry; everything accepted succeeds.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueueFullTest implements TestPropertyProvider {
    @Inject
    EmbeddedServer server;

    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path repo = Files.createTempDirectory("plumbline-429");
            // Big enough that one call takes tens of milliseconds, so a burst overflows the queue.
            TestModels.mlp(repo.resolve("slow").resolve("1"), 256, 1024, 4, 10, 3);
            Files.writeString(repo.resolve("slow").resolve("model.yaml"),
                    "batching:\n  enabled: false\n  instances: 1\n");
            return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                    "plumbline.batching.queue-capacity", "1");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    @Test
    void overflow_is429_andAcceptedRequestsSucceed() throws Exception {
        StringBuilder data = new StringBuilder();
        for (int i = 0; i < 128 * 256; i++) {
            data.append(i == 0 ? "" : ",").append((i % 7) / 7.0);
        }
        String body = "{\"inputs\":[{\"name\":\"x\",\"shape\":[128,256],\"datatype\":\"FP32\",\"data\":[" + data + "]}]}";
        int clients = 24;
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        CountDownLatch go = new CountDownLatch(1);
        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        List<String> rejections = new java.util.concurrent.CopyOnWriteArrayList<>();
        List<CompletableFuture<Void>> done = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            done.add(CompletableFuture.runAsync(() -> {
                V2Client mine = new V2Client(server.getURI());
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                V2Client.Reply r = mine.post("/v2/models/slow/infer", body);
                statuses.computeIfAbsent(r.status(), k -> new AtomicInteger()).incrementAndGet();
                if (r.status() == 429) {
                    rejections.add(r.error());
                }
            }, pool));
        }
        go.countDown();
        CompletableFuture.allOf(done.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
        pool.shutdown();
        assertTrue(statuses.containsKey(429), "some requests overflowed: " + statuses);
        assertTrue(statuses.containsKey(200), "accepted requests succeeded: " + statuses);
        assertEquals(clients, statuses.getOrDefault(200, new AtomicInteger()).get()
                + statuses.get(429).get(), "only 200 and 429: " + statuses);
        assertTrue(rejections.get(0).contains("queue is full") && rejections.get(0).contains("retry"),
                rejections.get(0));
        String metrics = new String(client.get("/prometheus").body());
        assertTrue(metrics.matches("(?s).*inference_rejected_total\\{[^}]*reason=\"queue_full\"[^}]*} [1-9].*"),
                "inference.rejected counts the overflow");
        assertTrue(metrics.matches("(?s).*inference_requests_seconds_count\\{[^}]*model=\"slow\"[^}]*outcome=\"rejected\""
                + "[^}]*} [1-9].*"), "the overflow is tagged outcome=rejected in inference.requests");
    }
}
