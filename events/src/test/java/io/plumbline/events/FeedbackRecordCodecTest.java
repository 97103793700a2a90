package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The feedback record's wire form: written as the class comment of the codec shows (the expected
 * documents are typed out here, not produced by the encoder), read back strictly, each defect
 * refused with its field named.
 */
class FeedbackRecordCodecTest {
    private static final Instant T = Instant.parse("2025-03-02T08:00:00Z");
    private final FeedbackRecordCodec codec = new FeedbackRecordCodec();

    @Test
    void label_isWrittenWithNameIndexAndVersion() {
        FeedbackRecord r = FeedbackRecord.ofLabel("weather", "1", "req-7", "rain", 2, T);
        assertEquals("{\"model\":\"weather\",\"version\":\"1\",\"id\":\"req-7\",\"label\":\"rain\",\"label_index\":2,"
                + "\"time\":\"2025-03-02T08:00:00Z\"}", text(codec.encode(r)));
        assertEquals(r, codec.decode(codec.encode(r)));
    }

    @Test
    void target_isWrittenWithoutTheUnknownVersion() {
        FeedbackRecord r = FeedbackRecord.ofTarget("rainfall", "", "req-8", 3.2, T);
        assertEquals("{\"model\":\"rainfall\",\"id\":\"req-8\",\"target\":3.2,\"time\":\"2025-03-02T08:00:00Z\"}",
                text(codec.encode(r)));
        assertEquals(r, codec.decode(codec.encode(r)));
    }

    @Test
    void labelAsAnIndex_isReadAsTheIndex() {
        FeedbackRecord r = codec.decode(bytes("{\"model\":\"m\",\"id\":\"r\",\"label\":4,\"time\":"
                + "\"2025-03-02T09:00:00+01:00\"}"));
        assertEquals(FeedbackRecord.ofLabel("m", "", "r", "", 4, T), r);
    }

    @Test
    void unknownFields_areIgnored() {
        FeedbackRecord r = codec.decode(bytes("{\"model\":\"m\",\"id\":\"r\",\"target\":-1,\"time\":"
                + "\"2025-03-02T08:00:00Z\",\"note\":{\"x\":1}}"));
        assertEquals(OptionalDouble.of(-1), r.target());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json        | `{`                                                                     | (document)  | not valid JSON",
        "array root      | `[]`                                                                    | (document)  | JSON object",
        "duplicate key   | `{\"model\":\"m\",\"model\":\"n\",\"id\":\"r\",\"label\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}` | (document) | not valid JSON",
        "model missing   | `{\"id\":\"r\",\"label\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}`       | model       | missing",
        "model empty     | `{\"model\":\"\",\"id\":\"r\",\"label\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}` | model | empty",
        "id missing      | `{\"model\":\"m\",\"label\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}`    | id          | missing",
        "id a number     | `{\"model\":\"m\",\"id\":7,\"label\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}` | id    | string",
        "version number  | `{\"model\":\"m\",\"version\":1,\"id\":\"r\",\"label\":\"a\",\"time\":\"2025-01-01T00:00:00Z\"}` | version | string",
        "time missing    | `{\"model\":\"m\",\"id\":\"r\",\"label\":\"a\"}`                         | time        | missing",
        "time not 3339   | `{\"model\":\"m\",\"id\":\"r\",\"label\":\"a\",\"time\":\"yesterday\"}`  | time        | RFC 3339",
        "neither         | `{\"model\":\"m\",\"id\":\"r\",\"time\":\"2025-01-01T00:00:00Z\"}`       | label       | missing",
        "both            | `{\"model\":\"m\",\"id\":\"r\",\"label\":\"a\",\"target\":1,\"time\":\"2025-01-01T00:00:00Z\"}` | target | one or the other",
        "target string   | `{\"model\":\"m\",\"id\":\"r\",\"target\":\"1\",\"time\":\"2025-01-01T00:00:00Z\"}` | target | finite number",
        "target huge     | `{\"model\":\"m\",\"id\":\"r\",\"target\":1e999,\"time\":\"2025-01-01T00:00:00Z\"}` | target | finite number",
        "label negative  | `{\"model\":\"m\",\"id\":\"r\",\"label\":-1,\"time\":\"2025-01-01T00:00:00Z\"}` | label   | non-negative integer",
        "label fraction  | `{\"model\":\"m\",\"id\":\"r\",\"label\":1.5,\"time\":\"2025-01-01T00:00:00Z\"}` | label   | non-negative integer",
        "label empty     | `{\"model\":\"m\",\"id\":\"r\",\"label\":\"\",\"time\":\"2025-01-01T00:00:00Z\"}` | label   | empty",
        "index text      | `{\"model\":\"m\",\"id\":\"r\",\"label_index\":\"2\",\"time\":\"2025-01-01T00:00:00Z\"}` | label_index | non-negative integer",
        "index disagrees | `{\"model\":\"m\",\"id\":\"r\",\"label\":1,\"label_index\":2,\"time\":\"2025-01-01T00:00:00Z\"}` | label_index | differs",
    })
    void defects_areRefusedNamingTheField(String what, String json, String field, String message) {
        EventFormatException e = assertThrows(EventFormatException.class, () -> codec.decode(bytes(json)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().startsWith("feedback record: " + field + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }

    @Test
    void record_holdsALabelOrATarget_neverBothOrNeither() {
        assertThrows(IllegalArgumentException.class,
                () -> new FeedbackRecord("m", "", "r", "a", -1, OptionalDouble.of(1), T));
        assertThrows(IllegalArgumentException.class,
                () -> new FeedbackRecord("m", "", "r", "", -1, OptionalDouble.empty(), T));
        assertThrows(IllegalArgumentException.class, () -> FeedbackRecord.ofTarget("m", "", "r", Double.NaN, T));
    }

    @Test
    void headers_nameTheFeedbackTypeAndAreCheckedOnRead() {
        Map<String, String> h = CloudEventHeaders.forFeedback(FeedbackRecord.ofTarget("m", "", "r", 1, T), "/s");
        assertEquals("io.plumbline.feedback.v1", h.get("ce_type"));
        assertEquals("2025-03-02T08:00:00Z", h.get("ce_time"));
        Map<String, byte[]> raw = new java.util.HashMap<>();
        h.forEach((k, v) -> raw.put(k, bytes(v)));
        CloudEventHeaders.requireFeedback(raw);
        EventFormatException e = assertThrows(EventFormatException.class, () -> CloudEventHeaders.requirePrediction(raw));
        assertEquals("header ce_type", e.field());
        assertArrayEquals(bytes("/s"), raw.get("ce_source"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }
}
