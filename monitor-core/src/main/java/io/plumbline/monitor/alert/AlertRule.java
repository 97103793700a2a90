package io.plumbline.monitor.alert;

import io.plumbline.monitor.drift.Verdict;
import java.time.Instant;

/**
 * Records a feature's verdict for a window and says whether to alert now. The embedded monitor passes
 * {@code AlertTracker::observe}; the Kafka Streams monitor keeps the same state in a changelogged store.
 */
@FunctionalInterface
public interface AlertRule {
    boolean observe(String model, String feature, Verdict verdict, Instant at);
}
