package io.plumbline.serving.v2;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.plumbline.serving.inference.DecoderContract;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.tensor.DataType;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The binary tensor extension: a JSON header whose datatypes, shapes and {@code binary_data_size}
 * values the fuzzer chooses, an {@code Inference-Header-Content-Length} that may lie, and raw bytes
 * (BYTES length prefixes included) that may disagree with both. Structured, because random bytes
 * would rarely get past the JSON to the binary part.
 */
class BinaryExtensionFuzzTest {
    private static final V2JsonCodec CODEC = new V2JsonCodec(InputLimits.DEFAULT);
    private static final DataType[] TYPES = DataType.values();

    @FuzzTest(maxDuration = "30s")
    void headerAndBinaryPart(FuzzedDataProvider data) {
        int inputs = data.consumeInt(1, 3);
        StringBuilder json = new StringBuilder("{\"inputs\":[");
        for (int i = 0; i < inputs; i++) {
            DataType type = TYPES[data.consumeInt(0, TYPES.length - 1)];
            long[] shape = new long[data.consumeInt(0, 3)];
            for (int d = 0; d < shape.length; d++) {
                shape[d] = data.consumeBoolean() ? data.consumeLong(-2, 8) : data.consumeLong();
            }
            json.append(i == 0 ? "" : ",").append("{\"name\":\"x").append(i).append("\",\"datatype\":\"")
                    .append(type.wireName()).append("\",\"shape\":").append(Arrays.toString(shape))
                    .append(",\"parameters\":{\"binary_data_size\":")
                    .append(data.consumeBoolean() ? data.consumeLong(-1, 64) : data.consumeLong()).append("}}");
        }
        json.append("]}");
        byte[] header = json.toString().getBytes(StandardCharsets.UTF_8);
        int lie = data.consumeBoolean() ? data.consumeInt(-4, 4) : 0;
        byte[] raw = data.consumeRemainingAsBytes();
        byte[] body = Arrays.copyOf(header, header.length + raw.length);
        System.arraycopy(raw, 0, body, header.length, raw.length);
        DecoderContract.holds(body.length, () -> CODEC.decodeRequest(body, header.length + lie));
    }
}
