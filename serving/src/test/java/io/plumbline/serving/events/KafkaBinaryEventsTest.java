package io.plumbline.serving.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.plumbline.events.BinaryPredictionCodec;
import io.plumbline.events.CloudEventHeaders;
import io.plumbline.events.EventFormat;
import io.plumbline.events.PredictionEvent;
import io.plumbline.testing.TopicReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * Every {@link KafkaEventsTest} again with {@code plumbline.events.format: binary} (exact counts, kcat,
 * odd tensors, flushing on close, each event read by its {@code content-type}), and the one-line decode
 * EVENTS.md documents, run as written there against this broker.
 */
@MicronautTest
class KafkaBinaryEventsTest extends KafkaEventsTest {

    @Override
    EventFormat format() {
        return EventFormat.BINARY;
    }

    @Test
    void documentedOneLineDecode_printsTheEventsModelVersionIdTimeLatencyAndParameters() throws Exception {
        assertEquals(200, client.post("/v2/models/weather/infer", weatherRequest("doc-0", new Random(7))).status());
        TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                rs -> rs.stream().anyMatch(r -> header(r, CloudEventHeaders.ID).equals("doc-0")), WAIT);
        String documented = Files.readAllLines(Path.of("EVENTS.md")).stream()
                .filter(l -> l.startsWith("kcat ") && l.contains("python3 -c")).findFirst().orElseThrow();

        List<String> out = kcatPipeline(documented.replace("localhost:9092", kafka.bootstrapServers()));
        assertEquals(1, out.size(), "lines printed: " + out);
        String[] fields = out.get(0).split(" ", 6);
        ConsumerRecord<String, byte[]> record = TopicReader.readAll(kafka.bootstrapServers(), TOPIC).stream()
                .filter(r -> header(r, CloudEventHeaders.ID).equals(fields[2])).findFirst().orElseThrow();
        PredictionEvent e = new BinaryPredictionCodec().decode(record.value());
        assertEquals(e.model(), fields[0]);
        assertEquals(e.version(), fields[1]);
        assertEquals(e.timestamp().getEpochSecond() + "." + String.format("%09d", e.timestamp().getNano()), fields[3]);
        assertEquals(Long.toString(e.latencyMicros()), fields[4]);
        assertTrue(fields[5].startsWith("{"), fields[5]);
    }

    private static List<String> kcatPipeline(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-o", "pipefail", "-c", command)
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "the documented command did not finish");
        assertEquals(0, p.exitValue(), "exit status of: " + command);
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }
}
