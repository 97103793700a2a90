package io.plumbline.serving.http;

import io.netty.buffer.ByteBufAllocator;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.serving.tracing.RequestTrace;
import io.plumbline.serving.tracing.Tracing;
import io.plumbline.serving.v2.V2JsonCodec;
import jakarta.inject.Singleton;
import java.util.concurrent.CompletableFuture;

/**
 * One REST infer call, whichever route received it (Micronaut's controller or the direct route): the
 * trace, the body decoded by the project's codec on the inference path, the answer encoded into one
 * pooled buffer.
 */
@Singleton
final class InferCall {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    static final String PROTOCOL = "rest";
    private static final String INFER_SPAN = "POST /v2/models/{model}/infer";
    private static final String INFER_VERSION_SPAN = "POST /v2/models/{model}/versions/{version}/infer";

    private final InferenceService inference;
    private final V2JsonCodec codec;
    private final Tracing tracing;
    private final InferResponseBody responses;

    InferCall(InferenceService inference, InputLimits limits, Tracing tracing) {
        this.inference = inference;
        this.tracing = tracing;
        this.codec = new V2JsonCodec(limits);
        this.responses = new InferResponseBody(codec);
    }

    /** The request's trace, continuing the caller's context from {@code headers}; null when tracing is off. */
    <C> RequestTrace trace(String version, C headers, TextMapGetter<C> getter) {
        return tracing.enabled()
                ? tracing.start(version == null ? INFER_SPAN : INFER_VERSION_SPAN, PROTOCOL, headers, getter)
                : null;
    }

    /**
     * Answers the call. Decoding (and reading {@code headerLength}) happens once the model resolved, so
     * an unknown model is a 404 whatever the body, and a bad body is counted against its model.
     *
     * @param headerLength the {@code Inference-Header-Content-Length} header, or null
     * @return the encoded answer; fails with an {@link InferenceException}, or with what encoding threw
     */
    CompletableFuture<InferResponseBody.Encoded> run(String model, String version, byte[] body, String headerLength,
            RequestTrace trace, ByteBufAllocator alloc) {
        return inference.infer(model, version, () -> codec.decodeRequest(body, jsonLength(headerLength, body.length)),
                PROTOCOL, trace, response -> responses.encode(response, alloc));
    }

    private static int jsonLength(String header, int bodyLength) {
        if (header == null) {
            return bodyLength;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            throw InferenceException.invalid(HEADER_LENGTH + " '" + Quoted.of(header) + "' is not an integer");
        }
    }
}
