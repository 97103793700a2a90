package io.plumbline.serving.events;

import io.plumbline.testing.TopicReader;
import io.plumbline.testing.Await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.plumbline.events.CloudEventHeaders;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * The broker dies under a running server: predictions keep their answers and status codes, the lost
 * events are counted, and once the broker is back events flow again without restarting serving.
 */
@MicronautTest
class BrokerOutageTest extends KafkaServingTest {
    private static final String OK = "{\"id\":\"%s\",\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
            + "\"datatype\":\"FP32\",\"data\":[1.2,25.0,14.0,2.2]}]}";
    private static final String WRONG_DATATYPE = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
            + "\"datatype\":\"INT64\",\"data\":[1,25,14,2]}]}";

    /** Undeliverable events given up after 3 s instead of 2 minutes, so the test sees them counted soon. */
    @Override
    Map<String, String> moreProperties() {
        return Map.of("plumbline.events.kafka.properties.delivery.timeout.ms", "3000",
                "plumbline.events.kafka.properties.request.timeout.ms", "1000",
                "plumbline.events.kafka.properties.reconnect.backoff.max.ms", "200");
    }

    @Test
    void brokerDown_predictionsUnaffected_lossesCounted_thenEventsFlowAgain() {
        List<Integer> expected = List.of(200, 400, 404);
        assertEquals(expected, exchange("before"));
        awaitEvents(Set.of("before"));
        double lostBefore = lost();

        kafka.stop();
        int outage = 20;
        for (int i = 0; i < outage; i++) {
            assertEquals(expected, exchange("down-" + i), "status codes while the broker is down");
        }
        Await.until(() -> lost() - lostBefore >= outage, WAIT,
                () -> "lost events counted: " + (lost() - lostBefore) + " of " + outage);
        assertEquals(outage, lost() - lostBefore, 0.0, "each answered prediction's event is counted once");

        kafka.start();
        double sentBefore = EventMetrics.count(client, "sent");
        int[] k = {0};
        // Serving is not restarted: the producer reconnects by itself, and the next events get through.
        Await.until(() -> {
            assertEquals(200, client.post("/v2/models/weather/infer", OK.formatted("after-" + k[0]++)).status());
            return EventMetrics.count(client, "sent") > sentBefore;
        }, WAIT, () -> "no event delivered after the broker restarted");
        Set<String> last = IntStream.range(0, 10).mapToObj(i -> "last-" + i).collect(Collectors.toSet());
        for (String id : last) {
            assertEquals(200, client.post("/v2/models/weather/infer", OK.formatted(id)).status());
        }
        // The whole topic, read to its end offsets once the last events were seen.
        Map<String, Long> perId = awaitEvents(last).stream()
                .collect(Collectors.groupingBy(BrokerOutageTest::id, Collectors.counting()));
        assertTrue(perId.keySet().stream().noneMatch(id -> id.startsWith("down-")),
                "events lost in the outage are not delivered later: " + perId.keySet());
        assertEquals(1L, perId.get("before"), "the event from before the outage, once");
        for (String id : last) {
            assertEquals(1L, perId.get(id), "event " + id);
        }
        // Every event in the topic, in the configured body, passes the strict decoder.
        awaitEvents(last).forEach(r -> assertEquals(id(r), decode(r).requestId()));
        // The after-* probes whose events got through: once each, like everything else in the topic.
        perId.forEach((id, n) -> assertEquals(1L, n, "events for request " + id));
        assertEquals(Set.of(), perId.keySet().stream()
                .filter(id -> !id.equals("before") && !id.startsWith("after-") && !last.contains(id))
                .collect(Collectors.toSet()), "events nobody asked for");
    }

    /** A good prediction (with this id), a bad request and an unknown model: their status codes. */
    private List<Integer> exchange(String id) {
        return List.of(client.post("/v2/models/weather/infer", OK.formatted(id)).status(),
                client.post("/v2/models/weather/infer", WRONG_DATATYPE).status(),
                client.post("/v2/models/nope/infer", OK.formatted(id)).status());
    }

    private double lost() {
        return EventMetrics.count(client, "dropped") + EventMetrics.count(client, "failed");
    }

    private List<ConsumerRecord<String, byte[]>> awaitEvents(Set<String> wanted) {
        List<ConsumerRecord<String, byte[]>> records = TopicReader.readUntil(kafka.bootstrapServers(), TOPIC,
                rs -> ids(rs).containsAll(wanted), WAIT);
        assertTrue(ids(records).containsAll(wanted), "events " + wanted + " in " + ids(records));
        return records;
    }

    private static Set<String> ids(List<ConsumerRecord<String, byte[]>> records) {
        return records.stream().map(BrokerOutageTest::id).collect(Collectors.toSet());
    }

    private static String id(ConsumerRecord<String, byte[]> r) {
        return new String(r.headers().lastHeader(CloudEventHeaders.ID).value(), StandardCharsets.UTF_8);
    }
}
