package io.plumbline.bench.monitor;

import io.plumbline.testing.KafkaBroker;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/** The bench's two topics on its broker: predictions, one partition per model, and the compacted profiles. */
final class BenchTopics {
    static final String PREDICTIONS = "bench.predictions";
    static final String PROFILES = "bench.profiles";

    private BenchTopics() {
    }

    /** The model whose events go to {@code partition}. */
    static String model(int partition) {
        return "bench" + partition;
    }

    /** Creates both topics and waits until every partition has a leader. */
    static void create(KafkaBroker broker, int partitions) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (Admin admin = Admin.create(p)) {
            // Event times are fixed (so every run cuts the same windows) and far enough in the past that the
            // default 7-day retention would delete the events minutes into the run: keep them forever.
            admin.createTopics(List.of(new NewTopic(PREDICTIONS, partitions, (short) 1).configs(Map.of(
                    "retention.ms", "-1", "retention.bytes", "-1")),
                    new NewTopic(PROFILES, 1, (short) 1).configs(Map.of("cleanup.policy", "compact")))).all().get();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!admin.describeTopics(List.of(PREDICTIONS, PROFILES)).allTopicNames().get().values().stream()
                    .flatMap(d -> d.partitions().stream()).allMatch(l -> l.leader() != null && !l.leader().isEmpty())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no partition leaders after 30 s");
                }
                Thread.sleep(50);
            }
        }
    }
}
