package io.plumbline.monitor.webhook;

import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Where alerts go.
 *
 * @param url the receiver
 * @param secret HMAC-SHA256 key for {@code X-Plumbline-Signature}
 * @param models models this target wants; empty means all
 */
public record WebhookTarget(URI url, String secret, Set<String> models) {
    public WebhookTarget {
        if (url == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("webhook url must be http or https, was " + redact(url));
        }
        if (secret == null || secret.isEmpty()) {
            throw new IllegalArgumentException("webhook " + redact(url) + " needs a secret to sign its payloads");
        }
        models = models == null ? Set.of() : Set.copyOf(models);
    }

    public static WebhookTarget of(String url, String secret, List<String> models) {
        return new WebhookTarget(URI.create(url), secret, models == null ? Set.of() : Set.copyOf(models));
    }

    public boolean wants(String model) {
        return models.isEmpty() || models.contains(model);
    }

    /** The url without user info or query, which may carry credentials; safe for logs. */
    public String safeUrl() {
        return redact(url);
    }

    static String redact(URI u) {
        if (u == null) {
            return "null";
        }
        return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort())
                + (u.getRawPath() == null ? "" : u.getRawPath());
    }

    @Override
    public String toString() {
        return "WebhookTarget[" + safeUrl() + ", models=" + models + "]";
    }
}
