package io.plumbline.serving.http;

import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.ServerHttpRequest;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.body.CloseableAvailableByteBody;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.TensorSpec;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.ServerInfo;
import io.plumbline.serving.lifecycle.Readiness;
import io.plumbline.serving.tracing.HttpHeaderGetter;
import io.plumbline.serving.tracing.RequestTrace;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The KServe Open Inference Protocol (V2) over REST. */
@Controller("/v2")
final class V2Controller {
    private final InferenceService inference;
    private final ModelCatalog catalog;
    private final Readiness readiness;
    private final InferCall call;

    V2Controller(InferenceService inference, ModelCatalog catalog, Readiness readiness, InferCall call) {
        this.inference = inference;
        this.catalog = catalog;
        this.readiness = readiness;
        this.call = call;
    }

    @Get("/health/live")
    Metadata.Live live() {
        return new Metadata.Live(true);
    }

    /** 200 {@code {"ready": true}}, or 503 {@code {"ready": false, "reason": "..."}}. */
    @Get("/health/ready")
    HttpResponse<Metadata.Ready> ready() {
        String reason = readiness.notReadyReason().orElse(null);
        return HttpResponse.status(reason == null ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Metadata.Ready(reason == null, reason));
    }

    @Get
    Metadata.Server server() {
        return new Metadata.Server(ServerInfo.NAME, ServerInfo.version(), ServerInfo.EXTENSIONS);
    }

    @Get("/models/{model}")
    Metadata.Model model(@PathVariable String model) {
        return metadata(model, null);
    }

    @Get("/models/{model}/versions/{version}")
    Metadata.Model modelVersion(@PathVariable String model, @PathVariable String version) {
        return metadata(model, version);
    }

    @Get("/models/{model}/ready")
    HttpResponse<Metadata.ModelReady> modelReady(@PathVariable String model) {
        return modelReadiness(inference.resolve(model, null));
    }

    @Get("/models/{model}/versions/{version}/ready")
    HttpResponse<Metadata.ModelReady> modelVersionReady(@PathVariable String model, @PathVariable String version) {
        return modelReadiness(inference.resolve(model, version));
    }

    /** 200 when the version takes requests; 503 once it retires or the server is shutting down. */
    private HttpResponse<Metadata.ModelReady> modelReadiness(LoadedModel m) {
        boolean ready = !m.retired() && !readiness.shuttingDown();
        return HttpResponse.status(ready ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .body(new Metadata.ModelReady(m.name(), m.versionLabel(), ready));
    }

    @Post(uri = "/models/{model}/infer", consumes = MediaType.ALL, produces = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<ByteBuf>> infer(@PathVariable String model, ServerHttpRequest<?> request) {
        return infer(model, null, request);
    }

    @Post(uri = "/models/{model}/versions/{version}/infer", consumes = MediaType.ALL, produces = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<ByteBuf>> inferVersion(@PathVariable String model,
            @PathVariable String version, ServerHttpRequest<?> request) {
        return infer(model, version, request);
    }

    /**
     * Reads the body as Micronaut buffered it (decompressed, within max-request-size) without
     * argument binding. The bytes are copied out and the buffer released at once: decoding runs
     * later on the inference queue, or never (unknown model, full queue), so holding the buffer
     * until then would make its release depend on every one of those paths. Most infer calls never
     * get here: the {@link DirectInferRoute} answers them below Micronaut; this is the route for the
     * rest (compressed or chunked bodies, HTTP/2, a percent-encoded path, the route turned off).
     */
    private CompletableFuture<MutableHttpResponse<ByteBuf>> infer(String model, String version,
            ServerHttpRequest<?> http) {
        ByteBufAllocator alloc = allocator(http);
        return http.byteBody().buffer().thenCompose(buffered -> {
            byte[] bytes;
            try (CloseableAvailableByteBody body = buffered) {
                bytes = body.toByteArray();
            }
            RequestTrace trace = call.trace(version, http.getHeaders(), HttpHeaderGetter.INSTANCE);
            return call.run(model, version, bytes, http.getHeaders().get(InferCall.HEADER_LENGTH), trace, alloc)
                    .thenApply(V2Controller::response);
        });
    }

    private static MutableHttpResponse<ByteBuf> response(InferResponseBody.Encoded encoded) {
        MutableHttpResponse<ByteBuf> response = HttpResponse.ok(encoded.body());
        if (!encoded.binary()) {
            return response.contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        return response.contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(InferCall.HEADER_LENGTH, Integer.toString(encoded.jsonLength()));
    }

    /** The channel's pooled allocator, as Micronaut's body factory for this request holds it. */
    private static ByteBufAllocator allocator(ServerHttpRequest<?> http) {
        return http.byteBodyFactory().byteBufferFactory().getNativeAllocator() instanceof ByteBufAllocator alloc
                ? alloc : ByteBufAllocator.DEFAULT;
    }

    private Metadata.Model metadata(String model, String version) {
        LoadedModel m = inference.resolve(model, version);
        List<String> versions = version == null
                ? catalog.versions(m.name()).stream().map(LoadedModel::versionLabel).toList()
                : List.of(m.versionLabel());
        return new Metadata.Model(m.name(), versions, catalog.aliases(m.name()), m.platform(), tensors(m.signature().inputs()),
                tensors(m.signature().outputs()));
    }

    private static List<Metadata.Tensor> tensors(List<TensorSpec> specs) {
        return specs.stream().map(s -> new Metadata.Tensor(s.name(), s.datatype().wireName(), s.shape(),
                s.features(), s.labels())).toList();
    }
}
