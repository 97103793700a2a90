package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.Await;
import io.plumbline.testing.Directories;
import io.plumbline.testing.ServingProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * S3 endpoint unreachable or answering errors during polls: serving keeps the versions it loaded and says
 * the registry is degraded (gauges, index, one log line per distinct reason), and recovers when S3 returns.
 *
 * <p>S3Proxy runs as a child process holding the demo model; serving polls it every 500 ms while 8 client
 * threads send infer requests the whole time. Each outage cycle: SIGKILL (connections refused), a restart
 * with a wrong secret (every request answered 403), a restart over a broken store (listings answered 500),
 * then the store repaired. The long form adds more
 * cycles and a SIGSTOP (connections accepted, nothing answered) until a poll gives up. Finally version 2 is
 * uploaded through S3 and must serve, retiring version 1 under load.
 */
@Timeout(value = 15, unit = TimeUnit.MINUTES)
class RegistryOutageTest {
    static final String SCENARIO = "S3 registry outage";
    private static final String BUCKET = "models";
    private static final String PREFIX = "prod/";
    private static final String WRONG_SECRET = "not-the-secret-serving-signs-with";
    private static final int CLIENTS = 8;
    /** Bound for every wait on a poll outcome (polls run every 500 ms). */
    private static final Duration AWAIT = Duration.ofSeconds(60);
    /** A frozen S3 holds a poll for the SDK's read timeout times its attempts; found by measurement, see the notes. */
    private static final Duration FROZEN_AWAIT = Duration.ofMinutes(4);

    private final AtomicReference<Set<String>> validVersions = new AtomicReference<>(Set.of("1"));
    private long faults;
    private double peakFailures;
    private long failedPollsSeen;
    /** Long form: the index request sent when S3 froze, and one sent once a poll failed; checked last. */
    private RegistryProbe.Index indexAfterFrozenPollFailed;
    private long frozenUntilFirstFailureMillis;

    private RegistryProbe.Index indexWhileFrozen;

    @Test
    void servingKeepsItsModelsWhileS3IsDown_andPicksUpNewVersionsWhenItReturns() throws Exception {
        Form form = Form.current();
        ScenarioRow.Builder row = ScenarioRow.named(SCENARIO, 60);
        Path dir = Repo.output().resolve("s3-registry-outage");
        Directories.deleteRecursively(dir);
        Files.createDirectories(dir.resolve("serving"));
        Results.record(row, () -> run(form, dir, row));
    }

    private void run(Form form, Path dir, ScenarioRow.Builder row) throws Exception {
        int cycles = form.pick(1, 3);
        long started = System.nanoTime();
        try (S3ProxyChild s3 = S3ProxyChild.start(dir.resolve("s3")); S3Uploads uploads = new S3Uploads(s3.endpoint())) {
            uploads.createBucket(BUCKET);
            uploads.upload(Repo.path("models/weather"), BUCKET, PREFIX + "weather/");
            Map<String, String> env = Map.of(
                    "PLUMBLINE_REGISTRY_S3_ENDPOINT", s3.endpoint().toString(),
                    "PLUMBLINE_REGISTRY_S3_ACCESS_KEY", S3ProxyChild.ACCESS_KEY,
                    "PLUMBLINE_REGISTRY_S3_SECRET_KEY", S3ProxyChild.SECRET_KEY,
                    "PLUMBLINE_REGISTRY_S3_CACHE_DIR", dir.resolve("cache").toString(),
                    "PLUMBLINE_REGISTRY_POLL_INTERVAL", "500ms",
                    "PLUMBLINE_EVENTS_SINK", "none",
                    "PLUMBLINE_SHUTDOWN_GRACE_PERIOD", "0s",
                    "PLUMBLINE_REPOSITORY_API_ENABLED", "true");
            try (ServingProcess serving = ServingProcess.start(Repo.jar("serving/target/plumbline-serving.jar"),
                    "s3://" + BUCKET + "/" + PREFIX, env, dir.resolve("serving"))) {
                RegistryProbe probe = new RegistryProbe(serving);
                InferLoad load = InferLoad.start(serving.uri("/v2/models/weather/infer"), CLIENTS,
                        v -> validVersions.get().contains(v));
                try {
                    Await.until(() -> load.ok() >= 100 && probe.lastSuccess() > 0, AWAIT,
                            () -> "load running and a successful poll: " + load.summary());
                    for (int c = 1; c <= cycles; c++) {
                        outage(c, s3, probe, row);
                    }
                    if (form == Form.LONG) {
                        freeze(s3, probe, row);
                    }
                    newVersionAfterRecovery(uploads, load, row);
                } finally {
                    load.stop();
                    row.requests(load.sent(), load.failed()).faults(faults);
                    row.note("clients: " + CLIENTS + " threads, " + load.summary());
                }
                row.note("scenario took " + seconds(System.nanoTime() - started) + " s including start-ups");
                checks(cycles, form, probe, load, row);
            }
        }
    }

    /**
     * One cycle: S3 killed (connections refused), answering 403 (restarted with another secret), killed
     * again and answering 500 (restarted with the right secret over a broken store), then repaired. The
     * registry reads degraded throughout, then healthy.
     */
    private void outage(int cycle, S3ProxyChild s3, RegistryProbe probe, ScenarioRow.Builder row) throws Exception {
        long down = System.nanoTime();
        s3.sigkill();
        faults++;
        awaitMoreFailures(probe, 0, "S3Proxy SIGKILLed (cycle " + cycle + ")");
        double frozen = probe.lastSuccess();
        awaitMoreFailures(probe, probe.consecutiveFailures(), "S3Proxy still dead");
        assertEquals(frozen, probe.lastSuccess(), "registry_poll_last_success_seconds moved while S3 was dead");
        RegistryProbe.Index refused = probe.index(AWAIT);
        assertTrue(refused.body().contains("model repository unreachable"),
                "the index says the repository is unreachable while S3 is dead: " + refused);

        s3.restart(WRONG_SECRET);
        faults++;
        awaitMoreFailures(probe, probe.consecutiveFailures(), "S3Proxy answering 403 (cycle " + cycle + ")");
        Await.until(() -> probe.logContains(RegistryProbe.POLL_FAILED + "S3 access denied"), AWAIT,
                () -> "a log line saying S3 denies access");
        assertEquals(frozen, probe.lastSuccess(), "registry_poll_last_success_seconds moved while S3 answered 403");
        RegistryProbe.Index denied = probe.index(AWAIT);
        assertTrue(denied.body().contains("model repository unreachable") && denied.body().contains("access denied"),
                "the index says why while S3 answers 403: " + denied);

        s3.sigkill();
        s3.breakStore(BUCKET, PREFIX);
        s3.restart(S3ProxyChild.SECRET_KEY);
        faults++;
        awaitMoreFailures(probe, probe.consecutiveFailures(), "S3Proxy answering 500 (cycle " + cycle + ")");
        Await.until(() -> probe.logContains(RegistryProbe.POLL_FAILED + "S3 error listing models"), AWAIT,
                () -> "a log line saying S3 answers errors");
        assertEquals(frozen, probe.lastSuccess(), "registry_poll_last_success_seconds moved while S3 answered 500");
        RegistryProbe.Index failing = probe.index(AWAIT);
        assertTrue(failing.body().contains("model repository unreachable") && failing.body().contains("InternalError"),
                "the index says why while S3 answers 500: " + failing);
        double peak = probe.consecutiveFailures();
        peakFailures = Math.max(peakFailures, peak);
        failedPollsSeen += (long) peak;

        s3.repairStore();
        Await.until(() -> probe.consecutiveFailures() == 0, AWAIT, () -> "registry_poll_consecutive_failures back to 0");
        long recovered = System.nanoTime();
        assertTrue(probe.lastSuccess() > frozen, "registry_poll_last_success_seconds moves again after recovery");
        Await.until(() -> probe.answersAgainLines() == cycle, AWAIT, () -> cycle + " '"
                + RegistryProbe.ANSWERS_AGAIN + "' log lines");
        row.note(String.format(Locale.ROOT, "cycle %d: S3 failing %.1f s (refusing, 403, refusing, 500); "
                + "registry_poll_consecutive_failures reached %.0f, registry_poll_last_success_seconds stayed at %.3f; "
                + "index answered in %d/%d/%d ms (refusing/403/500) with \"model repository unreachable\"", cycle,
                seconds(recovered - down), peak, frozen, refused.millis(), denied.millis(), failing.millis()));
    }

    /**
     * Long form: S3 frozen by SIGSTOP (connections accepted, nothing answered) until a poll gives up and an
     * index request sent at the freeze has answered, then thawed.
     */
    private void freeze(S3ProxyChild s3, RegistryProbe probe, ScenarioRow.Builder row) throws Exception {
        double frozen = probe.lastSuccess();
        long stopped = System.nanoTime();
        s3.sigstop();
        faults++;
        CompletableFuture<RegistryProbe.Index> index = CompletableFuture.supplyAsync(() -> {
            long t0 = System.nanoTime();
            try {
                return probe.index(FROZEN_AWAIT);
            } catch (Exception e) {
                return new RegistryProbe.Index(-1, "no answer: " + e, (System.nanoTime() - t0) / 1_000_000);
            }
        });
        awaitMoreFailures(probe, 0, "S3Proxy frozen by SIGSTOP", FROZEN_AWAIT);
        long firstFailure = System.nanoTime();
        RegistryProbe.Index during = index.get(FROZEN_AWAIT.toSeconds(), TimeUnit.SECONDS);
        RegistryProbe.Index afterFailure = probe.index(FROZEN_AWAIT);
        indexAfterFrozenPollFailed = afterFailure;
        frozenUntilFirstFailureMillis = (firstFailure - stopped) / 1_000_000;
        assertEquals(frozen, probe.lastSuccess(), "registry_poll_last_success_seconds moved while S3 was frozen");
        row.note(String.format(Locale.ROOT, "SIGSTOP: the first failed poll came %.1f s after S3 froze (a poll waits "
                + "for the S3 client's read timeout); an index request sent at the freeze ended after %.1f s: %s",
                seconds(firstFailure - stopped), during.millis() / 1000.0, during.status() < 0 ? during.body()
                        : "HTTP " + during.status() + (during.body().contains("model repository unreachable")
                        ? " saying \"model repository unreachable\"" : " without saying the repository is unreachable")));
        indexWhileFrozen = during;
        double peak = probe.consecutiveFailures();
        peakFailures = Math.max(peakFailures, peak);
        failedPollsSeen += (long) peak;
        s3.sigcont();
        Await.until(() -> probe.consecutiveFailures() == 0, AWAIT, () -> "registry healthy after SIGCONT");
    }

    /** Version 2 is uploaded through S3 once it answers again; it must load and serve under load. */
    private void newVersionAfterRecovery(S3Uploads uploads, InferLoad load, ScenarioRow.Builder row) throws Exception {
        validVersions.set(Set.of("1", "2"));
        long uploaded = System.nanoTime();
        uploads.upload(Repo.path("models/weather/1"), BUCKET, PREFIX + "weather/2/");
        Await.until(() -> load.answeredBy("2") >= 200, AWAIT, () -> "200 answers from version 2: " + load.summary());
        row.note(String.format(Locale.ROOT, "version 2 uploaded after S3 returned: 200 answers from it %.1f s later "
                + "(policy latest: 1, so version 1 retired under load)", seconds(System.nanoTime() - uploaded)));
    }

    private void checks(int cycles, Form form, RegistryProbe probe, InferLoad load, ScenarioRow.Builder row) {
        List<List<String>> outages = probe.pollFailuresByOutage();
        long lines = outages.stream().mapToLong(List::size).sum();
        row.note("serving logged " + lines + " poll-failure warnings for " + failedPollsSeen + " failed polls "
                + "(at least; highest consecutive count " + (long) peakFailures + "), reasons per outage: "
                + outages.stream().map(o -> o.stream().map(RegistryOutageTest::shortReason).toList()).toList());
        assertEquals(0, load.failed(), "requests failed while S3 was down or after: " + load.firstFailures());
        assertEquals(load.sent(), load.ok() + load.failed(), "every request sent was tallied");
        int expectedOutages = cycles + (form == Form.LONG ? 1 : 0);
        assertEquals(expectedOutages, outages.size(), "one group of poll-failure lines per outage: " + outages);
        for (int o = 0; o < outages.size(); o++) {
            List<String> outage = outages.get(o);
            // A cycle fails four ways in turn (refused, 403, refused, 500); a freeze one way (read timed out).
            int kinds = o < cycles ? 4 : 1;
            assertTrue(!outage.isEmpty() && outage.size() <= kinds, "outage " + (o + 1) + " failed " + kinds
                    + " distinct ways, so at most " + kinds + " poll-failure lines (once per reason, not per poll); "
                    + "logged " + outage.size() + ": " + outage);
        }
        assertTrue(lines < failedPollsSeen, lines + " warnings for " + failedPollsSeen + " failed polls: not one per poll");
        assertEquals(expectedOutages, probe.answersAgainLines(), "one recovery line per outage");
        if (indexWhileFrozen != null) {
            RegistryProbe.Index i = indexWhileFrozen;
            // The index never waits on the repository: it answers before the frozen poll gives up.
            assertTrue(i.status() == 200 && i.millis() < frozenUntilFirstFailureMillis, String.format(Locale.ROOT,
                    "POST /v2/repository/index sent when S3 froze should answer at once, before the first failed "
                    + "poll (%.1f s); after %.1f s it ended with %s", frozenUntilFirstFailureMillis / 1000.0,
                    i.millis() / 1000.0, i.status() < 0 ? i.body() : "HTTP " + i.status() + ": " + i.body()));
            RegistryProbe.Index after = indexAfterFrozenPollFailed;
            assertTrue(after.body().contains("model repository unreachable"),
                    "the index once a frozen poll failed says the repository is unreachable: " + after.body());
        }
    }

    private void awaitMoreFailures(RegistryProbe probe, double than, String what) {
        awaitMoreFailures(probe, than, what, AWAIT);
    }

    /** Three more failed polls than {@code than} (or one, from zero under a frozen S3 whose polls are slow). */
    private void awaitMoreFailures(RegistryProbe probe, double than, String what, Duration timeout) {
        double target = timeout == AWAIT ? than + 3 : than + 1;
        Await.until(() -> probe.consecutiveFailures() >= target, timeout,
                () -> what + ": registry_poll_consecutive_failures >= " + target);
    }

    /** The reason without the advice that follows it, for the notes. */
    private static String shortReason(String reason) {
        int cut = reason.indexOf(": check");
        String r = cut > 0 ? reason.substring(0, cut) : reason;
        return r.length() > 140 ? r.substring(0, 140) + "..." : r;
    }

    private static double seconds(long nanos) {
        return nanos / 1e9;
    }
}
