package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing (Jazzer) of what a monitor reads from the predictions topic: the
 * CloudEvent headers ({@link CloudEventHeaders#requirePrediction}) and the body
 * ({@link PredictionEventCodec#decode}). Any record gives an event or an
 * {@link EventFormatException} naming the field, never another exception, a hang or an allocation
 * out of proportion to the record; a decoded event encodes to JSON that decodes to the same JSON.
 *
 * <p>Input format, so seeds are readable files: {@code name=value} header lines, an empty line,
 * then the body; an input without an empty line is all body, under valid headers.
 */
class CloudEventDecoderFuzzTest {
    private static final byte[] SEPARATOR = "\n\n".getBytes(StandardCharsets.US_ASCII);
    private static final long BASE = 16L << 20;
    private static final long PER_INPUT_BYTE = 4096;

    /** One codec for all inputs (a mapper per input would be measured as the input's allocation). */
    private static final PredictionEventCodec codec = new PredictionEventCodec();

    static {
        // Class loading and Jackson's first-use caches belong to no input: pay them before measuring.
        codec.encode(codec.decode(("{\"model\":\"m\",\"version\":\"1\",\"id\":\"\",\"timestamp\":"
                + "\"2025-03-01T12:00:00Z\",\"latency_us\":1,\"parameters\":{\"a\":[1,2.5,null,true,\"s\"]},"
                + "\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1.5]}],"
                + "\"outputs\":[]}").getBytes(StandardCharsets.UTF_8)));
    }

    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void anyRecord_givesAnEventOrAnEventFormatException(byte[] input) {
        int split = indexOf(input, SEPARATOR);
        Map<String, byte[]> headers = split < 0 ? validHeaders() : headers(Arrays.copyOf(input, split));
        byte[] body = split < 0 ? input : Arrays.copyOfRange(input, split + SEPARATOR.length, input.length);
        read(headers, body);
        // Measured on a second reading: the first may load (and, when fuzzing, instrument) classes,
        // which is allocation no input causes twice.
        long before = allocated();
        read(headers, body);
        long used = allocated() - before;
        if (used > BASE + PER_INPUT_BYTE * input.length) {
            throw new AssertionError("a record of " + input.length + " bytes allocated " + used + " bytes");
        }
    }

    private static void read(Map<String, byte[]> headers, byte[] body) {
        try {
            CloudEventHeaders.requirePrediction(headers);
            PredictionEvent event = codec.decode(body);
            byte[] encoded = codec.encode(event);
            assertArrayEquals(encoded, codec.encode(codec.decode(encoded)), "encode(decode(x)) is stable");
        } catch (EventFormatException e) {
            assertNotNull(e.field());
        }
    }

    private static Map<String, byte[]> validHeaders() {
        Map<String, byte[]> h = new LinkedHashMap<>();
        h.put(CloudEventHeaders.SPEC_VERSION, CloudEventHeaders.SPEC_VERSION_1_0.getBytes(StandardCharsets.UTF_8));
        h.put(CloudEventHeaders.TYPE, CloudEventHeaders.PREDICTION_TYPE.getBytes(StandardCharsets.UTF_8));
        h.put(CloudEventHeaders.ID, "fuzz".getBytes(StandardCharsets.UTF_8));
        h.put(CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.JSON.getBytes(StandardCharsets.UTF_8));
        return h;
    }

    /** {@code name=value} lines; header values are raw bytes, as Kafka delivers them. */
    private static Map<String, byte[]> headers(byte[] block) {
        Map<String, byte[]> h = new LinkedHashMap<>();
        int start = 0;
        for (int i = 0; i <= block.length; i++) {
            if (i == block.length || block[i] == '\n') {
                int eq = indexOf(Arrays.copyOfRange(block, start, i), new byte[] {'='});
                if (eq >= 0) {
                    h.put(new String(block, start, eq, StandardCharsets.UTF_8),
                            Arrays.copyOfRange(block, start + eq + 1, i));
                }
                start = i + 1;
            }
        }
        return h;
    }

    private static int indexOf(byte[] data, byte[] pattern) {
        outer:
        for (int i = 0; i + pattern.length <= data.length; i++) {
            for (int k = 0; k < pattern.length; k++) {
                if (data[i + k] != pattern[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }
}
