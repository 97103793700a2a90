package io.plumbline.testing;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

/**
 * A local Kafka broker for trying the Kafka path without Docker: the same single-node KRaft broker the
 * tests use ({@link KafkaBroker}, from the jars Maven resolved), on 127.0.0.1:9092 unless told otherwise,
 * with Plumbline's topics created, until Ctrl-C (which stops it and deletes its data).
 *
 * <pre>
 * docker/kafka-local.sh [--port 9092]
 * # which runs:
 * ./mvnw -q -pl test-support exec:java -Dexec.mainClass=io.plumbline.testing.LocalKafka \
 *     -Dexec.classpathScope=compile -Dexec.args="--port 9092"
 * </pre>
 */
public final class LocalKafka {
    static final int DEFAULT_PORT = 9092;
    /** What serving creates at start too; the monitor needs them before it starts (its profile store reads one). */
    static final List<String> TOPICS = List.of("plumbline.predictions", "plumbline.profiles", "plumbline.drift");

    private LocalKafka() {
    }

    public static void main(String[] args) throws Exception {
        int port = DEFAULT_PORT;
        for (int i = 0; i < args.length; i++) {
            if (args[i].equals("--port") && i + 1 < args.length) {
                port = Integer.parseInt(args[++i]);
            } else {
                System.err.println("usage: LocalKafka [--port 9092]");
                System.exit(2);
            }
        }
        if (BrokerProbe.answers(port)) {
            System.err.println("Something already answers on 127.0.0.1:" + port + " (a broker?); stop it or pass "
                    + "--port with another port");
            System.exit(1);
        }
        KafkaBroker broker = KafkaBroker.launch(port, Map.of());
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "local-kafka-stop"));
        createTopics(broker.bootstrapServers());
        System.out.println("Kafka (KRaft, single node) is up at " + broker.bootstrapServers() + " with topics "
                + String.join(", ", TOPICS) + "; data in " + broker.directory());
        System.out.println("Serving:  PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers()
                + " java -jar serving/target/plumbline-serving.jar");
        System.out.println("Monitor:  PLUMBLINE_MONITOR_KAFKA_BOOTSTRAP_SERVERS=" + broker.bootstrapServers()
                + " java -jar monitor/target/plumbline-monitor.jar run");
        System.out.println("Ctrl-C stops the broker and deletes its data.");
        System.out.flush();
        stopped.await();
    }

    private static void createTopics(String bootstrap) throws InterruptedException {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = TOPICS.stream().filter(t -> !existing.contains(t))
                    .map(t -> t.equals("plumbline.profiles")
                            ? new NewTopic(t, 1, (short) 1).configs(Map.of("cleanup.policy", "compact"))
                            : new NewTopic(t, 1, (short) 1))
                    .toList();
            admin.createTopics(missing).all().get();
            admin.close(Duration.ofSeconds(5));
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot create the Plumbline topics on " + bootstrap, e.getCause());
        }
    }
}
