package io.plumbline.reliability;

import io.plumbline.testing.ServingProcess;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What serving says about its model repository, read the ways an operator reads it: the two registry
 * gauges on {@code /prometheus}, {@code POST /v2/repository/index}, and the lines of its log.
 */
final class RegistryProbe {
    static final String POLL_FAILED = "Polling the model repository failed: ";
    static final String ANSWERS_AGAIN = "The model repository answers again";

    private final ServingProcess serving;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    RegistryProbe(ServingProcess serving) {
        this.serving = serving;
    }

    double consecutiveFailures() {
        return PrometheusText.gauge(serving.uri("/prometheus"), "registry_poll_consecutive_failures");
    }

    /** Epoch seconds of the last successful poll (0 before the first). */
    double lastSuccess() {
        return PrometheusText.gauge(serving.uri("/prometheus"), "registry_poll_last_success_seconds");
    }

    /** The index as the client saw it, and how long it took to answer. */
    record Index(int status, String body, long millis) {
    }

    Index index(Duration timeout) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(serving.uri("/v2/repository/index")).timeout(timeout)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        return new Index(r.statusCode(), r.body(), (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * The poll-failure warnings, grouped by outage: a new group starts after each "answers again" line.
     * Each entry is the reason the line gives.
     */
    List<List<String>> pollFailuresByOutage() {
        List<List<String>> outages = new ArrayList<>();
        List<String> current = new ArrayList<>();
        for (String line : serving.log().lines().toList()) {
            int at = line.indexOf(POLL_FAILED);
            if (at >= 0) {
                current.add(line.substring(at + POLL_FAILED.length()));
            } else if (line.contains(ANSWERS_AGAIN)) {
                outages.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            outages.add(current);
        }
        return outages;
    }

    long answersAgainLines() {
        return serving.log().lines().filter(l -> l.contains(ANSWERS_AGAIN)).count();
    }

    boolean logContains(String text) {
        return serving.log().contains(text);
    }
}
