package io.plumbline.serving.http;

import io.micronaut.http.HttpRequest;
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
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.serving.inference.ServerInfo;
import io.plumbline.serving.lifecycle.Readiness;
import io.plumbline.serving.tracing.HttpHeaderGetter;
import io.plumbline.serving.tracing.RequestTrace;
import io.plumbline.serving.tracing.Tracing;
import io.plumbline.serving.v2.V2JsonCodec;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/** The KServe Open Inference Protocol (V2) over REST. */
@Controller("/v2")
final class V2Controller {
    static final String HEADER_LENGTH = "Inference-Header-Content-Length";
    private static final String PROTOCOL = "rest";
    private static final String INFER_SPAN = "POST /v2/models/{model}/infer";
    private static final String INFER_VERSION_SPAN = "POST /v2/models/{model}/versions/{version}/infer";

    private final InferenceService inference;
    private final ModelCatalog catalog;
    private final Readiness readiness;
    private final V2JsonCodec codec;
    private final Tracing tracing;
    private final InferResponseBody responses;

    V2Controller(InferenceService inference, ModelCatalog catalog, Readiness readiness, InputLimits limits,
            Tracing tracing) {
        this.tracing = tracing;
        this.inference = inference;
        this.catalog = catalog;
        this.readiness = readiness;
        this.codec = new V2JsonCodec(limits);
        this.responses = new InferResponseBody(codec);
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
     * until then would make its release depend on every one of those paths.
     */
    private CompletableFuture<MutableHttpResponse<ByteBuf>> infer(String model, String version,
            ServerHttpRequest<?> http) {
        ByteBufAllocator alloc = allocator(http);
        return http.byteBody().buffer().thenCompose(buffered -> {
            byte[] bytes;
            try (CloseableAvailableByteBody body = buffered) {
                bytes = body.toByteArray();
            }
            return infer(model, version, http, bytes, alloc);
        });
    }

    /** The channel's pooled allocator, as Micronaut's body factory for this request holds it. */
    private static ByteBufAllocator allocator(ServerHttpRequest<?> http) {
        return http.byteBodyFactory().byteBufferFactory().getNativeAllocator() instanceof ByteBufAllocator alloc
                ? alloc : ByteBufAllocator.DEFAULT;
    }

    private CompletableFuture<MutableHttpResponse<ByteBuf>> infer(String model, String version, HttpRequest<?> http,
            byte[] bytes, ByteBufAllocator alloc) {
        RequestTrace trace = tracing.enabled() ? tracing.start(version == null ? INFER_SPAN : INFER_VERSION_SPAN,
                PROTOCOL, http.getHeaders(), HttpHeaderGetter.INSTANCE) : null;
        return inference.infer(model, version, () -> codec.decodeRequest(bytes, jsonLength(http, bytes.length)),
                PROTOCOL, trace, response -> responses.respond(response, alloc));
    }

    private static int jsonLength(HttpRequest<?> http, int bodyLength) {
        String header = http.getHeaders().get(HEADER_LENGTH);
        if (header == null) {
            return bodyLength;
        }
        try {
            return Integer.parseInt(header.trim());
        } catch (NumberFormatException e) {
            throw InferenceException.invalid(HEADER_LENGTH + " '" + Quoted.of(header) + "' is not an integer");
        }
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
