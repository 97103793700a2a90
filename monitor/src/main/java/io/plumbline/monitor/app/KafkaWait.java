package io.plumbline.monitor.app;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.common.errors.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Waits until the Kafka cluster answers before Kafka Streams is started. Started against an unreachable
 * cluster, Kafka Streams' {@code start()} blocks (holding the lock {@code close()} needs, so the process
 * would not stop on SIGTERM) while its clients log a warning several times a second. Here instead: one
 * warning naming the bootstrap address, a reminder after 30 s, 60 s, 120 s ... and a retry with backoff
 * (1 s doubling to 30 s); {@link #problem()} says why for {@code /health}.
 */
final class KafkaWait {
    private static final Logger LOG = LoggerFactory.getLogger(KafkaWait.class);
    private static final Duration ASK_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(30);
    private static final Duration FIRST_REMINDER = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final Properties adminProperties;
    private volatile String problem;

    KafkaWait(String bootstrapServers, Map<String, String> clientProperties) {
        this.bootstrapServers = bootstrapServers;
        adminProperties = new Properties();
        // Only what reaching the cluster needs: the address and the client's security settings.
        clientProperties.forEach((k, v) -> {
            if (k.startsWith("security.") || k.startsWith("sasl.") || k.startsWith("ssl.")) {
                adminProperties.put(k, v);
            }
        });
        adminProperties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        adminProperties.put(AdminClientConfig.CLIENT_ID_CONFIG, "plumbline-monitor-kafka-wait");
    }

    /** What an admin client needs to reach the cluster (address and security settings). */
    Properties adminProperties() {
        return adminProperties;
    }

    /** Why Kafka is not usable yet, while waiting for it; empty once it answered (or before the first try). */
    Optional<String> problem() {
        return Optional.ofNullable(problem);
    }

    /** Returns once the cluster has answered; throws InterruptedException when the service stops first. */
    void await() throws InterruptedException {
        long start = System.nanoTime();
        Duration backoff = Duration.ofSeconds(1);
        Duration reminder = FIRST_REMINDER;
        int failures = 0;
        Admin admin = Admin.create(adminProperties);
        try {
            while (true) {
                try {
                    admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) ASK_TIMEOUT.toMillis()))
                            .nodes().get();
                    problem = null;
                    if (failures > 0) {
                        LOG.info("Kafka at {} answered after {} s; starting the drift monitor", bootstrapServers,
                                seconds(start));
                    }
                    return;
                } catch (ExecutionException e) {
                    String reason = reason(e.getCause());
                    problem = "cannot reach Kafka at " + bootstrapServers + " (" + reason + ")";
                    long waited = seconds(start);
                    if (failures++ == 0) {
                        LOG.warn("Cannot reach Kafka at {} ({}); retrying with backoff, /health is DOWN until it "
                                + "answers (set plumbline.monitor.kafka.bootstrap-servers to change the address)",
                                bootstrapServers, reason);
                    } else if (waited >= reminder.toSeconds()) {
                        LOG.warn("Still cannot reach Kafka at {} after {} s ({})", bootstrapServers, waited, reason);
                        reminder = reminder.multipliedBy(2);
                    }
                }
                Thread.sleep(backoff.toMillis());
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        } finally {
            admin.close(Duration.ZERO);
        }
    }

    private static String reason(Throwable cause) {
        if (cause instanceof TimeoutException) {
            return "no answer within " + ASK_TIMEOUT.toSeconds() + " s";
        }
        return cause == null ? "unknown error" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private static long seconds(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos).toSeconds();
    }
}
