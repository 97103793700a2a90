package io.plumbline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented local broker (docker/kafka-local.sh runs this main class with these arguments through
 * Maven): it says where it is, one record produced to a Plumbline topic is read back, and SIGTERM (Ctrl-C
 * stops it the same way, through the shutdown hook) takes the broker down with it.
 */
class LocalKafkaTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(120);

    @TempDir
    Path dir;

    @Test
    void theDocumentedScript_runsThisMainClassWithItsArguments() throws Exception {
        String script = Files.readString(Path.of("..", "docker", "kafka-local.sh"));
        assertTrue(script.contains("exec:java -Dexec.mainClass=io.plumbline.testing.LocalKafka"), script);
        assertTrue(script.contains("-Dexec.args=\"$*\""), script);
        for (String doc : List.of("serving/EVENTS.md", "monitor/MONITOR.md", "README.md")) {
            assertTrue(Files.readString(Path.of("..").resolve(doc)).contains("docker/kafka-local.sh"), doc);
        }
    }

    @Test
    void startsOnThePortGiven_carriesARecord_andStopsWithTheProcess() throws Exception {
        int port = FreePorts.loopback();
        String bootstrap = "127.0.0.1:" + port;
        try (ChildProcess p = ChildProcess.start("local-kafka", ChildProcess.java("-cp",
                System.getProperty("java.class.path"), "io.plumbline.testing.LocalKafka", "--port",
                Integer.toString(port)), Map.of(), dir, dir.resolve("local-kafka.log"))) {
            Await.until(() -> log(p).contains("is up at " + bootstrap) || !p.alive(), TIMEOUT, () -> p.tail(30));
            assertTrue(p.alive(), p.tail(30));
            assertTrue(log(p).contains("PLUMBLINE_EVENTS_KAFKA_BOOTSTRAP_SERVERS=" + bootstrap), p.tail(30));

            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            RecordMetadata sent;
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(props, new StringSerializer(),
                    new ByteArraySerializer())) {
                Future<RecordMetadata> f = producer.send(new ProducerRecord<>("plumbline.predictions", "weather",
                        "hello".getBytes(StandardCharsets.UTF_8)));
                sent = f.get();
            }
            List<ConsumerRecord<String, byte[]>> read = TopicReader.readUntil(bootstrap, "plumbline.predictions",
                    r -> !r.isEmpty(), TIMEOUT);
            assertEquals(1, read.size(), read.toString());
            assertEquals("weather", read.get(0).key());
            assertEquals("hello", new String(read.get(0).value(), StandardCharsets.UTF_8));
            assertEquals(sent.offset(), read.get(0).offset());

            p.sigtermNoWait();
            assertNotEquals(-1, p.await(Duration.ofSeconds(60)), "did not stop on SIGTERM\n" + p.tail(30));
            assertFalse(BrokerProbe.answers(port), "the broker must stop with LocalKafka");
        }
    }

    private static String log(ChildProcess p) {
        try {
            return Files.exists(p.log()) ? Files.readString(p.log()) : "";
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
