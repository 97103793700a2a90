package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.tensor.Tensor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The binary body: bytes exactly as the documented layout says (expected bytes written out by hand), every
 * datatype and summaries read back with the same values as the JSON body gives, and every damaged body
 * refused with an {@link EventFormatException} naming the field.
 */
class BinaryPredictionCodecTest {
    private final BinaryPredictionCodec codec = new BinaryPredictionCodec();
    private final PredictionEventCodec json = new PredictionEventCodec();

    /** Hex of {@link #small()}, written from the layout in the codec's comment and EVENTS.md. */
    private static final String SMALL_HEX = String.join("",
            "504c4231",                                  // magic "PLB1"
            "c0f6c26700000000", "c0d45407",              // 1740830400 s, 123000000 ns
            "2c03000000000000",                          // latency_us 812
            "01000000" + "6d", "01000000" + "31", "01000000" + "72", // "m", "1", "r"
            "07000000" + "7b226b223a317d",               // parameters {"k":1}
            "01000000",                                  // 1 input
            "01000000" + "78", "04000000" + "46503332",  // "x", "FP32"
            "02000000" + "0100000000000000" + "0200000000000000", // shape [1, 2]
            "00",                                        // not truncated
            "08000000" + "0000c03f" + "000000c0",         // 8 bytes: 1.5f, -2.0f
            "01000000",                                  // 1 output
            "01000000" + "79", "05000000" + "4259544553", // "y", "BYTES"
            "01000000" + "0100000000000000", "00",       // shape [1], not truncated
            "06000000" + "02000000" + "6869");           // 6 bytes: one element "hi"

    private static PredictionEvent small() {
        return new PredictionEvent("m", "1", "r", Instant.parse("2025-03-01T12:00:00.123Z"), 812, Map.of("k", 1L),
                List.of(EventTensor.full(Tensor.ofFloats("x", new long[] {1, 2}, 1.5f, -2f))),
                List.of(EventTensor.full(Tensor.ofStrings("y", new long[] {1},
                        new byte[][] {"hi".getBytes(StandardCharsets.UTF_8)}))));
    }

    @Test
    void encode_writesTheDocumentedLayout() {
        assertEquals(SMALL_HEX, HexFormat.of().formatHex(codec.encode(small())));
    }

    @Test
    void decode_readsTheDocumentedLayout() {
        PredictionEvent e = codec.decode(HexFormat.of().parseHex(SMALL_HEX));
        assertEquals(new String(json.encode(small()), StandardCharsets.UTF_8),
                new String(json.encode(e), StandardCharsets.UTF_8));
    }

    @Test
    void roundTrip_everyDatatypeAndSummary_givesTheSameEventAsJson() {
        List<Tensor> tensors = PredictionEventCodecTest.everyDatatype();
        // Limits that summarise the six-element fp32 and keep the rest: both kinds of tensor on the wire.
        PredictionEvent event = PredictionEventCodecTest.event(tensors, tensors.subList(11, 14),
                new TensorLimits(5, 1 << 16, 2));
        PredictionEvent back = codec.decode(codec.encode(event));

        assertTrue(back.inputs().get(11).truncated());
        assertEquals(event.timestamp(), back.timestamp());
        assertEquals(event.parameters(), back.parameters());
        assertArrayEquals(json.encode(event), json.encode(back));
        for (int i = 0; i < tensors.size(); i++) {
            if (!event.inputs().get(i).truncated()) {
                Tensors.assertSameValues(tensors.get(i), back.inputs().get(i).data().orElseThrow());
            }
        }
    }

    @Test
    void noParametersEmptyIdAndNoTensors_roundTrip() {
        PredictionEvent event = new PredictionEvent("m", "2", "", Instant.EPOCH, 0, Map.of(), List.of(), List.of());
        PredictionEvent back = codec.decode(codec.encode(event));
        assertEquals("", back.requestId());
        assertTrue(back.parameters().isEmpty());
        assertEquals(Instant.EPOCH, back.timestamp());
    }

    @Test
    void everyTruncation_isRefusedNamingAField() {
        byte[] body = codec.encode(small());
        for (int length = 0; length < body.length; length++) {
            byte[] cut = Arrays.copyOf(body, length);
            EventFormatException e = assertThrows(EventFormatException.class, () -> codec.decode(cut),
                    "body cut to " + length + " bytes");
            assertTrue(!e.field().isEmpty(), e.getMessage());
        }
    }

    @Test
    void damagedFields_areNamed() {
        assertField("magic", patch(0, "504c4232"));
        assertField("timestamp", patch(12, "ffffffff"));
        assertField("inputs[0].datatype", patch(63, "46503333"));
        assertField("inputs[0].shape[1]", patch(79, "ffffffffffffffff"));
        assertField("inputs[0].truncated", patch(87, "02"));
        assertField("inputs[0].data", patch(88, "07000000"));
        assertField("outputs[0].data[0]", patch(135, "09000000"));
        byte[] longer = Arrays.copyOf(HexFormat.of().parseHex(SMALL_HEX), SMALL_HEX.length() / 2 + 1);
        assertField("(document)", longer);
        // A count no body could hold is refused before anything is allocated for it.
        assertField("inputs", patch(50, "ffffffff"));
    }

    @Test
    void randomTensors_roundTripExactly() {
        Random random = new Random(20261203);
        for (int round = 0; round < 300; round++) {
            TensorLimits limits = new TensorLimits(random.nextInt(64), random.nextInt(512), random.nextInt(8));
            List<Tensor> inputs = List.of(EventFuzzTest.randomTensor(random), EventFuzzTest.randomTensor(random));
            List<Tensor> outputs = List.of(EventFuzzTest.randomTensor(random));
            PredictionEvent event = PredictionEvent.of("m", "1", "r" + round, Instant.ofEpochSecond(random.nextInt(), 7),
                    random.nextInt(1_000_000), null, inputs, outputs, limits);
            PredictionEvent back = codec.decode(codec.encode(event));
            String at = "round " + round;
            assertEquals(event.timestamp(), back.timestamp(), at);
            assertSameTensors(event.inputs(), back.inputs(), at);
            assertSameTensors(event.outputs(), back.outputs(), at);
        }
    }

    /** Exactly the same elements: unlike JSON, BYTES that are not UTF-8 come back as they were sent. */
    private static void assertSameTensors(List<EventTensor> sent, List<EventTensor> back, String at) {
        assertEquals(sent.size(), back.size(), at);
        for (int i = 0; i < sent.size(); i++) {
            EventTensor expected = sent.get(i);
            EventTensor actual = back.get(i);
            assertEquals(expected.truncated(), actual.truncated(), at);
            assertArrayEquals(expected.shape(), actual.shape(), at);
            if (expected.truncated()) {
                TensorSummary s = expected.summary().orElseThrow();
                TensorSummary t = actual.summary().orElseThrow();
                assertEquals(List.of(s.count(), s.nonFinite()), List.of(t.count(), t.nonFinite()), at);
                assertEquals(Arrays.asList(s.min(), s.max(), s.mean()), Arrays.asList(t.min(), t.max(), t.mean()), at);
                Tensors.assertSameValues(s.head(), t.head());
            } else {
                Tensors.assertSameValues(expected.data().orElseThrow(), actual.data().orElseThrow());
            }
        }
    }

    /** What a damaged record does to the monitor: an event, or an EventFormatException naming a field; nothing else. */
    @Test
    void randomDamage_givesAnEventOrANamedEventFormatException() {
        Random random = new Random(7);
        byte[] valid = codec.encode(PredictionEventCodecTest.event(PredictionEventCodecTest.everyDatatype(), List.of(),
                new TensorLimits(5, 1 << 16, 2)));
        int refused = 0;
        for (int round = 0; round < 5_000; round++) {
            byte[] body = valid.clone();
            for (int k = 1 + random.nextInt(3); k > 0; k--) {
                body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            }
            try {
                codec.decode(body);
            } catch (EventFormatException e) {
                assertTrue(!e.field().isEmpty(), e.getMessage());
                refused++;
            }
        }
        assertTrue(refused > 1_000, "most damage is noticed: " + refused + " of 5000 refused");
    }

    /** Strings take a shortcut when they are ASCII; the others must still be read, and checked, as UTF-8. */
    @Test
    void nonAsciiStrings_roundTrip_andInvalidUtf8_isRefusedNamingTheField() {
        PredictionEvent event = new PredictionEvent("m\u00e9t\u00e9o", "v\u00e9-2", "r\u00e9q-\u4e00", Instant.EPOCH, 0,
                Map.of(), List.of(EventTensor.full(Tensor.ofFloats("t\u00e9mp", new long[] {1}, 1f))), List.of());
        PredictionEvent back = codec.decode(codec.encode(event));
        assertEquals("m\u00e9t\u00e9o", back.model());
        assertEquals("v\u00e9-2", back.version());
        assertEquals("r\u00e9q-\u4e00", back.requestId());
        assertEquals("t\u00e9mp", back.inputs().get(0).name());

        EventFormatException e = assertThrows(EventFormatException.class, () -> codec.decode(patch(28, "ff")));
        assertEquals("model", e.field());
        assertTrue(e.getMessage().contains("is not valid UTF-8"), e.getMessage());
    }

    @Test
    void jsonParameters_mustBeAnObject() {
        assertField("parameters", patch(43, "5b5d3a317d7b7d")); // "[]:1}{}" in place of {"k":1}
    }

    private static byte[] patch(int offset, String hex) {
        byte[] body = HexFormat.of().parseHex(SMALL_HEX);
        byte[] with = HexFormat.of().parseHex(hex);
        System.arraycopy(with, 0, body, offset, with.length);
        return body;
    }

    private void assertField(String field, byte[] body) {
        EventFormatException e = assertThrows(EventFormatException.class, () -> codec.decode(body));
        assertEquals(field, e.field(), e.getMessage());
    }
}
