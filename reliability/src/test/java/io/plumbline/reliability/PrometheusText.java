package io.plumbline.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one untagged gauge from serving's {@code /prometheus} text, as a scraper would. */
final class PrometheusText {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private PrometheusText() {
    }

    /** The value of {@code name}; fails when the line is absent. */
    static double gauge(URI prometheus, String name) {
        String text;
        try {
            text = HTTP.send(HttpRequest.newBuilder(prometheus).timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + prometheus, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + prometheus, e);
        }
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*})? (\\S+)$").matcher(text);
        if (!m.find()) {
            throw new AssertionError(prometheus + " has no line for " + name);
        }
        return Double.parseDouble(m.group(1));
    }
}
