package io.plumbline.monitor.stream;

import io.plumbline.monitor.webhook.WebhookDispatcher;
import io.plumbline.monitor.webhook.WebhookPayload;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Alerts decided but not yet delivered (a transactional outbox). The window that fires an alert also
 * advances its alert state (the cooldown starts), and both are committed with the input offsets; the
 * webhook POST happens afterwards, on the dispatcher's threads. Without this store, a crash between
 * that commit and the POST lost the alert for good: the restarted monitor finds the alert already
 * decided. So the alert's payload is written here in the same transaction, and removed (in a later one)
 * once every delivery of it has a final outcome; at start-up every alert still here is sent again.
 *
 * <p>A crash after a POST but before its removal is committed sends it again: at least once, with the
 * same {@code X-Plumbline-Event-Id}, so receivers deduplicate. Key: event id; value: the model (length
 * and UTF-8 bytes) and the payload body. Store access stays on the stream thread: the dispatcher's
 * threads only queue the ids whose deliveries finished, and {@link #removeFinished} deletes them.
 */
final class AlertOutbox {
    private static final Logger LOG = LoggerFactory.getLogger(AlertOutbox.class);

    private final KeyValueStore<String, byte[]> store;
    private final WebhookDispatcher webhooks;
    private final Queue<String> finished = new ConcurrentLinkedQueue<>();

    AlertOutbox(KeyValueStore<String, byte[]> store, WebhookDispatcher webhooks) {
        this.store = store;
        this.webhooks = webhooks;
    }

    /** Keeps an alert of {@code model} (in the current transaction) and hands it to the dispatcher. */
    void send(String model, WebhookPayload payload) {
        store.put(payload.eventId(), encode(model, payload.body()));
        dispatch(model, payload);
    }

    /** Sends again every alert a previous instance kept but did not see delivered. */
    void resendPending() {
        int n = 0;
        try (KeyValueIterator<String, byte[]> it = store.all()) {
            while (it.hasNext()) {
                var e = it.next();
                ByteBuffer b = ByteBuffer.wrap(e.value);
                byte[] model = new byte[b.getInt()];
                b.get(model);
                byte[] body = Arrays.copyOfRange(e.value, b.position(), e.value.length);
                dispatch(new String(model, StandardCharsets.UTF_8), new WebhookPayload(e.key, body));
                n++;
            }
        }
        if (n > 0) {
            LOG.info("sending again {} drift alerts not known to be delivered before the restart", n);
        }
    }

    /** Deletes the alerts whose deliveries have all finished (on the stream thread). */
    void removeFinished() {
        for (String id = finished.poll(); id != null; id = finished.poll()) {
            store.delete(id);
        }
    }

    private void dispatch(String model, WebhookPayload payload) {
        webhooks.dispatch(model, payload, () -> finished.add(payload.eventId()));
    }

    private static byte[] encode(String model, byte[] body) {
        byte[] m = model.getBytes(StandardCharsets.UTF_8);
        return ByteBuffer.allocate(4 + m.length + body.length).putInt(m.length).put(m).put(body).array();
    }
}
