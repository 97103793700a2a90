package io.plumbline.serving.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** The JDK HTTP client with an optional bearer credential, so the filter is exercised over real sockets. */
final class Http {
    static final String WEATHER_ROW = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";

    record Reply(int status, String body, HttpResponse<String> raw) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    Http(URI base) {
        this.base = base;
    }

    Reply get(String path, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET(), bearer);
    }

    Reply post(String path, String body, String bearer) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)), bearer);
    }

    private Reply send(HttpRequest.Builder b, String bearer) {
        if (bearer != null) {
            b.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> r = client.send(b.timeout(Duration.ofSeconds(30)).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Reply(r.statusCode(), r.body(), r);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
