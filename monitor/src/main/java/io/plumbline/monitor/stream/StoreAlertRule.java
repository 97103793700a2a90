package io.plumbline.monitor.stream;

import io.plumbline.monitor.alert.AlertDecision;
import io.plumbline.monitor.alert.AlertPolicy;
import io.plumbline.monitor.alert.AlertState;
import io.plumbline.monitor.drift.Verdict;
import io.plumbline.monitor.alert.AlertRule;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * {@link AlertDecision} with its state per (model, feature) in a changelogged store (the streams
 * counterpart of {@code AlertTracker}), so streaks and cooldowns survive restarts and move with the
 * model's partition. Value: the streak (4 bytes) and the last alert in epoch ms (8 bytes, -1 for none).
 */
final class StoreAlertRule implements AlertRule {
    private final AlertDecision decision;
    private final KeyValueStore<String, byte[]> store;

    StoreAlertRule(AlertPolicy policy, KeyValueStore<String, byte[]> store) {
        this.decision = new AlertDecision(policy);
        this.store = store;
    }

    @Override
    public boolean observe(String model, String feature, Verdict verdict, Instant at) {
        String key = model + '\u0000' + feature;
        AlertDecision.Step step = decision.next(decode(store.get(key)), verdict, at);
        store.put(key, encode(step.state()));
        return step.fire();
    }

    static byte[] encode(AlertState s) {
        return ByteBuffer.allocate(12).putInt(s.streak())
                .putLong(s.lastAlert() == null ? -1 : s.lastAlert().toEpochMilli()).array();
    }

    static AlertState decode(byte[] bytes) {
        if (bytes == null) {
            return AlertState.INITIAL;
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        int streak = b.getInt();
        long last = b.getLong();
        return new AlertState(streak, last < 0 ? null : Instant.ofEpochMilli(last));
    }
}
