package io.plumbline.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Beside the replay: predictions with ids of its own, each followed by the truth for that id, so that every
 * closed window of the stack has labelled predictions and the model-quality panels have realised values.
 * It keeps its own tally of what serving accepted (200 for the prediction, 202 for its feedback), the
 * independent count the monitor's join counters are compared with. Every failed call is kept.
 */
final class LabelledTraffic implements Runnable {
    /**
     * One pair a second: about 5 labels in each 5-second window, few enough beside the replay's rows (about
     * 200 a window on a busy machine, the minimum for a verdict) not to slow it or dilute its shift.
     */
    private static final long PAUSE_MILLIS = 1000;
    /** A day of the demo data (precipitation, temp_max, temp_min, wind); the labels below alternate. */
    private static final String ROW = "[0.0, 13.3, 5.0, 3.1]";
    private static final List<String> TRUTHS = List.of("sun", "rain");

    private final String modelUrl;
    private final String tenant;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final Thread thread = new Thread(this, "labelled-traffic");
    private final AtomicLong accepted = new AtomicLong();
    final List<String> failures = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /**
     * @param modelUrl serving's {@code /v2/models/{m}} for the model
     * @param tenant the request parameter {@code tenant} every prediction carries (a segment)
     */
    LabelledTraffic(String modelUrl, String tenant) {
        this.modelUrl = modelUrl;
        this.tenant = tenant;
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    @Override
    public void run() {
        for (long n = 0; !stopped; n++) {
            String id = "labelled-" + n;
            String infer = "{\"id\": \"" + id + "\", \"parameters\": {\"tenant\": \"" + tenant + "\"}, "
                    + "\"inputs\": [{\"name\": \"features\", \"shape\": [1, 4], "
                    + "\"datatype\": \"FP32\", \"data\": " + ROW + "}]}";
            String truth = "{\"id\": \"" + id + "\", \"label\": \"" + TRUTHS.get((int) (n % TRUTHS.size())) + "\"}";
            if (post("/infer", infer, 200) && post("/feedback", truth, 202)) {
                accepted.incrementAndGet();
            }
            try {
                Thread.sleep(PAUSE_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private boolean post(String path, String body, int expected) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(modelUrl + path))
                    .timeout(Duration.ofSeconds(5)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != expected) {
                failures.add(path + " answered " + r.statusCode() + ": " + r.body());
                return false;
            }
            return true;
        } catch (IOException e) {
            failures.add(path + ": " + e);
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            return false;
        }
    }

    /** Stops after the pair in progress; the tally is final once this returns. */
    void stop() {
        stopped = true;
        try {
            thread.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Feedback records serving accepted (202) for a prediction it answered (200). */
    long accepted() {
        return accepted.get();
    }
}
