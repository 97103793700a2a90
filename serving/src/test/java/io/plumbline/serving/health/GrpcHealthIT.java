package io.plumbline.serving.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.testing.Directories;
import io.plumbline.testing.ServingProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * SIGTERM to the packaged jar with Watch calls open, through grpc-java's HealthGrpc client: the server
 * and model watchers are sent NOT_SERVING at the start of the grace period while liveness stays
 * SERVING, every Watch is then completed by the server (OK), and the open streams do not hold the
 * drain: the process exits 0, which it would not if they were still open at the drain timeout.
 */
@Timeout(value = 4, unit = TimeUnit.MINUTES)
class GrpcHealthIT {
    private static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();
    private static final Duration WAIT = Duration.ofSeconds(30);

    private Path dir;
    private ServingProcess serving;
    private ManagedChannel channel;

    @AfterEach
    void cleanUp() throws Exception {
        if (channel != null) {
            channel.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
        }
        if (serving != null) {
            serving.close();
        }
        if (dir != null) {
            Directories.deleteRecursively(dir);
        }
    }

    @Test
    void sigterm_watchersSeeNotServing_thenTheirCallsEnd_andTheProcessExits0() throws Exception {
        dir = Files.createTempDirectory("plumbline-grpc-health");
        Path repo = dir.resolve("models");
        TestRepository.copyDemo(repo.resolve("weather"));
        // A drain timeout far below the test's wait: a Watch holding the drain would make the exit code 1.
        serving = ServingProcess.start(JAR, "file:" + repo, Map.of("PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "3s",
                "PLUMBLINE_SHUTDOWN_DRAIN_TIMEOUT", "5s"), dir);
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", serving.grpcPort()).usePlaintext().build();
        HealthGrpc.HealthBlockingStub check = HealthGrpc.newBlockingStub(channel);

        try (HealthWatch server = new HealthWatch(channel, "");
                HealthWatch model = new HealthWatch(channel, "plumbline.model/weather");
                HealthWatch live = new HealthWatch(channel, "liveness")) {
            assertEquals(ServingStatus.SERVING, server.next(WAIT));
            assertEquals(ServingStatus.SERVING, model.next(WAIT));
            assertEquals(ServingStatus.SERVING, live.next(WAIT));

            long sigterm = System.nanoTime();
            serving.sigterm();
            assertEquals(ServingStatus.NOT_SERVING, server.next(WAIT), serving.log());
            assertEquals(ServingStatus.NOT_SERVING, model.next(WAIT));
            long notServing = System.nanoTime();
            // Still within the grace period: Check answers, and agrees.
            assertEquals(ServingStatus.NOT_SERVING, check.withDeadlineAfter(10, TimeUnit.SECONDS)
                    .check(HealthCheckRequest.newBuilder().setService("").build()).getStatus());

            assertEquals(Status.Code.OK, server.ended.get(60, TimeUnit.SECONDS), "the server ends the Watch");
            assertEquals(Status.Code.OK, model.ended.get(60, TimeUnit.SECONDS));
            assertEquals(Status.Code.OK, live.ended.get(60, TimeUnit.SECONDS));
            assertNull(live.next(Duration.ZERO), "liveness stayed SERVING");
            int exit = serving.awaitExit(Duration.ofSeconds(60));
            System.out.printf("gRPC health: NOT_SERVING seen %d ms after SIGTERM; exit %d%n",
                    TimeUnit.NANOSECONDS.toMillis(notServing - sigterm), exit);
            assertFalse(serving.alive());
            assertEquals(0, exit, "open Watch calls must not hold the drain\n" + serving.log());
            assertTrue(serving.log().contains("Shutdown 3/5: in-flight requests finished"), serving.log());
        }
    }
}
