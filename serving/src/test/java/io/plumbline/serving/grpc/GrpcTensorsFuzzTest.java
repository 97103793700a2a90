package io.plumbline.serving.grpc;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.google.protobuf.InvalidProtocolBufferException;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.inference.DecoderContract;
import io.plumbline.serving.inference.InputLimits;

/**
 * Any bytes as a gRPC ModelInferRequest: what protobuf parses (gRPC refuses the rest before us) is
 * converted to a request, typed contents and raw_input_contents alike.
 */
class GrpcTensorsFuzzTest {
    @FuzzTest(maxDuration = "30s")
    void anyMessage(byte[] message) {
        ModelInferRequest request;
        try {
            request = ModelInferRequest.parseFrom(message);
        } catch (InvalidProtocolBufferException e) {
            return;
        }
        DecoderContract.holds(message.length, () -> GrpcTensors.decode(request, InputLimits.DEFAULT));
    }
}
