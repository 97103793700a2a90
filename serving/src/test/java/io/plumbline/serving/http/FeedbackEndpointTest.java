package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.events.FeedbackRecord;
import io.plumbline.serving.events.EmbeddedEventSink;
import io.plumbline.serving.events.EventSink;
import io.plumbline.testing.MarkdownCommands;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@code POST /v2/models/{model}/feedback} over real HTTP with the embedded sink (its monitor off, so
 * the feedback queue is read here only): what is accepted arrives in the queue as the records the body
 * describes, written out by hand below; every defect is a 400 naming its field and takes nothing.
 * The weather model's labels (drizzle, fog, rain, snow, sun) come from models/weather/1's manifest;
 * {@code id_fp32} has no labels, so it takes targets. The README's feedback example is run here too.
 */
@MicronautTest
@org.junit.jupiter.api.TestInstance(org.junit.jupiter.api.TestInstance.Lifecycle.PER_CLASS)
class FeedbackEndpointTest implements TestPropertyProvider {
    private static final String WEATHER = "/v2/models/weather/feedback";
    private static final String REGRESSOR = "/v2/models/id_fp32/feedback";
    /** The embedded queues' capacity: room for every other test's records, not for the 7 of the full-queue test. */
    private static final int CAPACITY = 5;

    @Inject
    EmbeddedServer server;

    @Inject
    EventSink sink;

    V2Client client;

    @Override
    public Map<String, String> getProperties() {
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "plumbline.monitor.embedded.enabled", "false", "plumbline.events.embedded-queue-capacity",
                Integer.toString(CAPACITY));
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    @BeforeEach
    void emptyTheQueue() {
        queued();
    }

    @Test
    void oneLabelByName_is202AndQueuedWithItsIndex() {
        double sentBefore = feedbackCount("sent");
        V2Client.Reply r = client.post(WEATHER, "{\"id\":\"req-7\",\"label\":\"rain\",\"version\":\"1\","
                + "\"time\":\"2025-03-02T09:00:00+01:00\"}");
        assertEquals(202, r.status(), text(r));
        assertEquals("{\"accepted\":1}", text(r));
        assertEquals(List.of(FeedbackRecord.ofLabel("weather", "1", "req-7", "rain", 2,
                Instant.parse("2025-03-02T08:00:00Z"))), queued());
        assertEquals(sentBefore + 1, feedbackCount("sent"));
    }

    @Test
    void labelByIndex_andNoTime_isQueuedWithItsNameAndTheTimeOfReceipt() {
        Instant before = Instant.now();
        assertEquals(202, client.post(WEATHER, "{\"id\":\"req-8\",\"label\":4}").status());
        Instant after = Instant.now();
        List<FeedbackRecord> q = queued();
        assertEquals(1, q.size());
        FeedbackRecord r = q.get(0);
        assertEquals(List.of("weather", "", "req-8", "sun", 4), List.of(r.model(), r.version(), r.requestId(),
                r.label(), r.labelIndex()));
        assertTrue(!r.time().isBefore(before.minusMillis(1)) && !r.time().isAfter(after), r.time().toString());
    }

    @Test
    void batch_is202AndQueuedInOrder() {
        double sentBefore = feedbackCount("sent");
        String body = "{\"feedback\":[{\"id\":\"b-0\",\"label\":\"drizzle\",\"time\":\"2025-03-02T08:00:00Z\"},"
                + "{\"id\":\"b-1\",\"label\":1,\"time\":\"2025-03-02T08:00:01Z\"},"
                + "{\"id\":\"b-2\",\"label\":\"snow\",\"version\":\"1\",\"time\":\"2025-03-02T08:00:02Z\"}]}";
        V2Client.Reply r = client.post(WEATHER, body);
        assertEquals(202, r.status(), text(r));
        assertEquals("{\"accepted\":3}", text(r));
        assertEquals(List.of(
                FeedbackRecord.ofLabel("weather", "", "b-0", "drizzle", 0, Instant.parse("2025-03-02T08:00:00Z")),
                FeedbackRecord.ofLabel("weather", "", "b-1", "fog", 1, Instant.parse("2025-03-02T08:00:01Z")),
                FeedbackRecord.ofLabel("weather", "1", "b-2", "snow", 3, Instant.parse("2025-03-02T08:00:02Z"))),
                queued());
        assertEquals(sentBefore + 3, feedbackCount("sent"));
    }

    @Test
    void regressorTarget_is202() {
        V2Client.Reply r = client.post(REGRESSOR, "{\"feedback\":[{\"id\":\"t-1\",\"target\":3.2,"
                + "\"time\":\"2025-03-02T08:00:00Z\"},{\"id\":\"t-2\",\"target\":-7,\"time\":\"2025-03-02T08:00:00Z\"}]}");
        assertEquals(202, r.status(), text(r));
        assertEquals(List.of(
                new FeedbackRecord("id_fp32", "", "t-1", "", -1, OptionalDouble.of(3.2),
                        Instant.parse("2025-03-02T08:00:00Z")),
                new FeedbackRecord("id_fp32", "", "t-2", "", -1, OptionalDouble.of(-7),
                        Instant.parse("2025-03-02T08:00:00Z"))), queued());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "unknown label in a batch | " + WEATHER + " | `{\"feedback\":[{\"id\":\"a\",\"label\":\"sun\"},{\"id\":\"b\",\"label\":\"rain\"},{\"id\":\"c\",\"label\":\"fog\"},{\"id\":\"d\",\"label\":\"hail\"}]}` | `feedback[3].label: 'hail' is not one of drizzle, fog, rain, snow, sun`",
        "label index too large   | " + WEATHER + " | `{\"id\":\"a\",\"label\":5}` | `label: 5 is neither one of drizzle, fog, rain, snow, sun nor an index from 0 to 4`",
        "label negative          | " + WEATHER + " | `{\"id\":\"a\",\"label\":-1}` | `label: -1 is neither one of drizzle, fog, rain, snow, sun nor an index from 0 to 4`",
        "label missing           | " + WEATHER + " | `{\"id\":\"a\"}` | `label: is missing: one of drizzle, fog, rain, snow, sun, or its index`",
        "target for a classifier | " + WEATHER + " | `{\"id\":\"a\",\"target\":1.0}` | `target: model 'weather' is a classifier (output 'probabilities' has labels drizzle, fog, rain, snow, sun): send 'label'`",
        "id missing              | " + WEATHER + " | `{\"label\":\"rain\"}` | `id: is missing: the id of the prediction this is the truth for (the 'id' of the inference response)`",
        "id a number             | " + WEATHER + " | `{\"id\":7,\"label\":\"rain\"}` | `id: must be a non-empty string`",
        "id empty in a batch     | " + WEATHER + " | `{\"feedback\":[{\"id\":\"a\",\"label\":\"rain\"},{\"id\":\"\",\"label\":\"rain\"}]}` | `feedback[1].id: must be a non-empty string`",
        "version a number        | " + WEATHER + " | `{\"id\":\"a\",\"label\":\"rain\",\"version\":1}` | `version: must be a non-empty string`",
        "time not RFC 3339       | " + WEATHER + " | `{\"id\":\"a\",\"label\":\"rain\",\"time\":\"yesterday\"}` | `time: 'yesterday' is not an RFC 3339 date-time such as 2025-03-02T08:00:00Z`",
        "misspelt field          | " + WEATHER + " | `{\"id\":\"a\",\"lable\":\"rain\"}` | `lable: is not a feedback field (id, label, target, version, time)`",
        "batch not an array      | " + WEATHER + " | `{\"feedback\":{\"id\":\"a\"}}` | `feedback: must be an array of records`",
        "batch empty             | " + WEATHER + " | `{\"feedback\":[]}` | `feedback: is empty`",
        "batch with an id        | " + WEATHER + " | `{\"id\":\"a\",\"feedback\":[]}` | `feedback: a batch holds only 'feedback'; put 'id' and the rest in each of its records`",
        "batch item not object   | " + WEATHER + " | `{\"feedback\":[\"a\"]}` | `feedback[0]: must be an object such as {\"id\": ..., \"label\": ...}`",
        "body an array           | " + WEATHER + " | `[]` | `request body must be a JSON object: {\"id\": ..., \"label\": ...} or {\"feedback\": [...]}`",
        "label for a regressor   | " + REGRESSOR + " | `{\"id\":\"a\",\"label\":\"rain\"}` | `label: model 'id_fp32' declares no output labels in its manifest, so it takes a numeric 'target'`",
        "target missing          | " + REGRESSOR + " | `{\"id\":\"a\"}` | `target: is missing: the true value, a number`",
        "target a string         | " + REGRESSOR + " | `{\"id\":\"a\",\"target\":\"3\"}` | `target: must be a finite number, got \"3\"`",
        "target NaN              | " + REGRESSOR + " | `{\"id\":\"a\",\"target\":NaN}` | `target: must be a finite number, got \"NaN\"`",
    })
    void defects_are400NamingTheField_andNothingIsTaken(String what, String path, String body, String error) {
        V2Client.Reply r = client.post(path, body);
        assertEquals(400, r.status(), text(r));
        assertEquals(error, r.error());
        assertEquals(List.of(), queued(), "records taken from a refused body");
    }

    @Test
    void queueFull_is503NamingTheRecordsNotTaken() {
        double droppedBefore = feedbackCount("dropped");
        StringBuilder body = new StringBuilder("{\"feedback\":[");
        for (int i = 0; i < CAPACITY + 2; i++) {
            body.append(i == 0 ? "" : ",").append("{\"id\":\"full-").append(i).append("\",\"label\":\"sun\"}");
        }
        V2Client.Reply r = client.post(WEATHER, body.append("]}").toString());
        assertEquals(503, r.status(), text(r));
        assertEquals("2 of 7 feedback record(s) could not be queued (feedback[5], feedback[6]): the event sink is full "
                + "or not yet connected; send them again later", r.error());
        assertEquals(List.of("full-0", "full-1", "full-2", "full-3", "full-4"),
                queued().stream().map(FeedbackRecord::requestId).toList());
        assertEquals(droppedBefore + 2, feedbackCount("dropped"));
    }

    @Test
    void timeInTheFuture_is400() {
        V2Client.Reply r = client.post(WEATHER, "{\"id\":\"a\",\"label\":\"rain\",\"time\":\"2999-01-01T00:00:00Z\"}");
        assertEquals(400, r.status(), text(r));
        assertTrue(r.error().startsWith("time: '2999-01-01T00:00:00Z' is in the future (this server's time is "),
                r.error());
        assertEquals(List.of(), queued());
    }

    @Test
    void bodyNotJson_andDuplicateKeys_are400() {
        assertEquals(400, client.post(WEATHER, "{\"id\":").status());
        V2Client.Reply dup = client.post(WEATHER, "{\"id\":\"a\",\"id\":\"b\",\"label\":\"rain\"}");
        assertEquals(400, dup.status());
        assertTrue(dup.error().contains("'id' twice"), dup.error());
        assertEquals(400, client.post(WEATHER, "").status());
        assertEquals(List.of(), queued());
    }

    @Test
    void unknownModel_is404() {
        V2Client.Reply r = client.post("/v2/models/nosuch/feedback", "{\"id\":\"a\",\"label\":\"rain\"}");
        assertEquals(404, r.status(), text(r));
        assertTrue(r.error().contains("nosuch"), r.error());
    }

    /** The README's example, run with bash and curl as written (port substituted), prints what the README shows. */
    @Test
    void readmeExample_printsTheDocumentedAnswer_andQueuesTheRecord() throws Exception {
        MarkdownCommands.Block curl = MarkdownCommands.after(Path.of("..", "README.md"),
                "Here the truth for the second row of the quick start's prediction", "sh");
        Process p = new ProcessBuilder("bash", "-c", curl.substituted(Map.of("localhost:8080",
                "localhost:" + server.getPort()))).redirectErrorStream(true).start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "curl did not finish");
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), printed);
        assertEquals(curl.output().body().strip(), printed.strip());
        assertEquals(List.of(FeedbackRecord.ofLabel("weather", "", "first#1", "rain", 2,
                Instant.parse("2025-03-02T08:00:00Z"))), queued());
    }

    private List<FeedbackRecord> queued() {
        List<FeedbackRecord> out = new ArrayList<>();
        ((EmbeddedEventSink) sink).drainFeedbackTo(out, Integer.MAX_VALUE);
        return out;
    }

    /** {@code prediction_feedback_total} as a scraper reads it. */
    private double feedbackCount(String outcome) {
        String text = new String(client.get("/prometheus").body(), StandardCharsets.UTF_8);
        Matcher m = Pattern.compile("(?m)^prediction_feedback_total\\{[^}]*outcome=\"" + outcome + "\"[^}]*}\\s+(\\S+)$")
                .matcher(text);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    private static String text(V2Client.Reply r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }
}
