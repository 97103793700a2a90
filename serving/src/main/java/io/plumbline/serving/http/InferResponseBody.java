package io.plumbline.serving.http;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufOutputStream;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.serving.v2.BinaryTensors;
import io.plumbline.serving.v2.V2JsonCodec;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;

/**
 * Writes an infer response straight into one pooled Netty buffer: the JSON through a stream over
 * the buffer, the binary extension's tensors into the space after it. The route that sends it
 * writes the buffer to the channel, which releases it; until it is handed over, a failure here releases it.
 */
final class InferResponseBody {
    private static final int JSON_CAPACITY = 512;

    private final V2JsonCodec codec;

    InferResponseBody(V2JsonCodec codec) {
        this.codec = codec;
    }

    /**
     * An encoded answer.
     *
     * @param jsonLength the length of the JSON part when binary tensors follow it (the body is then
     *     {@code application/octet-stream} with an {@code Inference-Header-Content-Length} header);
     *     -1 for a JSON body
     */
    record Encoded(ByteBuf body, int jsonLength) {
        boolean binary() {
            return jsonLength >= 0;
        }
    }

    Encoded encode(InferenceResponse response, ByteBufAllocator alloc) {
        ByteBuf buf = alloc.buffer(JSON_CAPACITY);
        try {
            codec.writeResponse(response, new ByteBufOutputStream(buf));
            if (response.binaryOutputs().isEmpty()) {
                return new Encoded(buf, -1);
            }
            int jsonLength = buf.readableBytes();
            appendBinary(response, buf);
            return new Encoded(buf, jsonLength);
        } catch (RuntimeException | Error e) {
            buf.release();
            throw e;
        }
    }

    private static void appendBinary(InferenceResponse response, ByteBuf buf) {
        long binaryLength = 0;
        for (Tensor t : response.outputs()) {
            if (response.binaryOutputs().contains(t.name())) {
                binaryLength += BinaryTensors.size(t);
            }
        }
        int length = Math.toIntExact(binaryLength);
        buf.ensureWritable(length);
        // A pooled buffer from the allocator is one contiguous region: the NIO view writes through.
        ByteBuffer view = buf.nioBuffer(buf.writerIndex(), length);
        for (Tensor t : response.outputs()) {
            if (response.binaryOutputs().contains(t.name())) {
                BinaryTensors.encode(t, view);
            }
        }
        buf.writerIndex(buf.writerIndex() + length);
    }
}
