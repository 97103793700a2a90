package io.plumbline.serving.v2;

import com.code_intelligence.jazzer.junit.FuzzTest;
import io.plumbline.serving.inference.DecoderContract;
import io.plumbline.serving.inference.InputLimits;

/**
 * Any bytes as a V2 JSON request body. Inputs that found bugs (the hostile-input probe's requests,
 * and what fuzzing turned up) live in V2JsonCodecFuzzTestInputs/ and run in every build.
 */
class V2JsonCodecFuzzTest {
    private static final V2JsonCodec CODEC = new V2JsonCodec(InputLimits.DEFAULT);

    @FuzzTest(maxDuration = "30s")
    void anyBody(byte[] body) {
        DecoderContract.holds(body.length, () -> CODEC.decodeRequest(body));
    }
}
