package io.plumbline.monitor.app;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Before the monitor reads feedback: a model's feedback must reach the stream task that holds its
 * predictions, which holds only when both topics (keyed by model) have as many partitions. A missing
 * feedback topic is created like the predictions topic (partitions and replication), and so is a missing
 * performance topic (the monitor writes to it; Kafka Streams does not create output topics); two existing
 * feedback and predictions topics that differ stop the start with what to do, since joining them would
 * silently miss matches.
 */
final class FeedbackTopic {
    private static final Logger LOG = LoggerFactory.getLogger(FeedbackTopic.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private FeedbackTopic() {
    }

    /** @return why the monitor must not start, or empty when the topics agree (or there is no feedback topic) */
    static Optional<String> check(Properties admin, String predictions, String feedback, String performance)
            throws InterruptedException {
        if (feedback == null) {
            return Optional.empty();
        }
        try (Admin client = Admin.create(admin)) {
            Map<String, KafkaFuture<TopicDescription>> found = client.describeTopics(List.of(predictions, feedback))
                    .topicNameValues();
            TopicDescription p = describe(found.get(predictions));
            TopicDescription f = describe(found.get(feedback));
            // Nothing to copy yet: wait for the predictions topic (serving creates both topics alike when it
            // starts with the Kafka sink; a test or an operator may create it later), as Kafka Streams would.
            for (long waited = 0; p == null; waited++) {
                if (waited == 0) {
                    LOG.info("Waiting for topic {} before reading predictions and feedback", predictions);
                }
                Thread.sleep(1000);
                found = client.describeTopics(List.of(predictions, feedback)).topicNameValues();
                p = describe(found.get(predictions));
                f = describe(found.get(feedback));
            }
            int partitions = p.partitions().size();
            short replicas = (short) p.partitions().get(0).replicas().size();
            if (performance != null
                    && describe(client.describeTopics(List.of(performance)).topicNameValues().get(performance)) == null) {
                Optional<String> failed = create(client, performance, partitions, replicas, predictions);
                if (failed.isPresent()) {
                    return failed;
                }
            }
            if (f == null) {
                return create(client, feedback, partitions, replicas, predictions);
            }
            if (f.partitions().size() != partitions) {
                return Optional.of("topic " + feedback + " has " + f.partitions().size() + " partitions but " + predictions
                        + " has " + partitions + ": a model's feedback would miss its predictions. Give " + feedback
                        + " " + partitions + " partitions (recreate it), or set plumbline.monitor.kafka.feedback-topic "
                        + "to an empty value to join no feedback");
            }
            return Optional.empty();
        } catch (TimeoutException e) {
            return Optional.of("Kafka did not describe " + predictions + " and " + feedback + " within " + TIMEOUT.toSeconds()
                    + " s");
        }
    }

    /** Creates {@code topic} like {@code model}'s topic; a topic created meanwhile by someone else is fine. */
    private static Optional<String> create(Admin client, String topic, int partitions, short replicas, String model)
            throws InterruptedException, TimeoutException {
        try {
            client.createTopics(List.of(new NewTopic(topic, partitions, replicas))).all()
                    .get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("Created topic {} ({} partitions, replication {}, as {})", topic, partitions, replicas, model);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                return Optional.of("cannot create topic " + topic + ": " + e.getCause().getMessage());
            }
        }
        return Optional.empty();
    }

    private static TopicDescription describe(KafkaFuture<TopicDescription> future) throws InterruptedException,
            TimeoutException {
        try {
            return future.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                return null;
            }
            throw new IllegalStateException("cannot describe a topic: " + e.getCause().getMessage(), e.getCause());
        }
    }
}
