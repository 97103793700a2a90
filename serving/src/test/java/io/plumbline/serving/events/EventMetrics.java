package io.plumbline.serving.events;

import io.plumbline.serving.http.V2Client;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code prediction_events_total} from the server's Prometheus endpoint, as a scraper would. */
final class EventMetrics {
    private EventMetrics() {
    }

    static double count(V2Client client, String outcome) {
        String text = new String(client.get("/prometheus").body(), java.nio.charset.StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^prediction_events_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*}\\s+(\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }
}
