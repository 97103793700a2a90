package io.plumbline.serving.http;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.opentelemetry.api.trace.Span;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.TensorSpec;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.serving.inference.ServerInfo;
import io.plumbline.serving.lifecycle.Readiness;
import io.plumbline.serving.tracing.HttpHeaderGetter;
import io.plumbline.serving.tracing.RequestTrace;
import io.plumbline.serving.tracing.Tracing;
import io.plumbline.serving.v2.BinaryTensors;
import io.plumbline.serving.v2.V2JsonCodec;
import io.plumbline.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
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

    V2Controller(InferenceService inference, ModelCatalog catalog, Readiness readiness, InputLimits limits,
            Tracing tracing) {
        this.tracing = tracing;
        this.inference = inference;
        this.catalog = catalog;
        this.readiness = readiness;
        this.codec = new V2JsonCodec(limits);
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
    CompletableFuture<MutableHttpResponse<byte[]>> infer(@PathVariable String model, HttpRequest<?> request,
            @Nullable @Body byte[] body) {
        return infer(model, null, request, body);
    }

    @Post(uri = "/models/{model}/versions/{version}/infer", consumes = MediaType.ALL, produces = MediaType.ALL)
    CompletableFuture<MutableHttpResponse<byte[]>> inferVersion(@PathVariable String model,
            @PathVariable String version, HttpRequest<?> request, @Nullable @Body byte[] body) {
        return infer(model, version, request, body);
    }

    private CompletableFuture<MutableHttpResponse<byte[]>> infer(String model, String version, HttpRequest<?> http,
            byte[] body) {
        byte[] bytes = body == null ? new byte[0] : body;
        RequestTrace trace = tracing.enabled() ? tracing.start(version == null ? INFER_SPAN : INFER_VERSION_SPAN,
                PROTOCOL, http.getHeaders(), HttpHeaderGetter.INSTANCE) : null;
        CompletableFuture<InferenceResponse> answer = inference.infer(model, version,
                () -> codec.decodeRequest(bytes, jsonLength(http, bytes.length)), PROTOCOL, trace);
        if (trace == null) {
            return answer.thenApply(this::respond);
        }
        return answer.thenApply(response -> {
            Span encode = trace.encoding();
            try {
                return respond(response);
            } finally {
                trace.encoded(encode);
            }
        });
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

    private MutableHttpResponse<byte[]> respond(InferenceResponse response) {
        if (response.binaryOutputs().isEmpty()) {
            return HttpResponse.ok(codec.encodeResponse(response)).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        codec.writeResponse(response, out);
        int jsonLength = out.size();
        long binaryLength = 0;
        for (Tensor t : response.outputs()) {
            if (response.binaryOutputs().contains(t.name())) {
                binaryLength += BinaryTensors.size(t);
            }
        }
        ByteBuffer buf = ByteBuffer.allocate(Math.toIntExact(jsonLength + binaryLength));
        buf.put(out.toByteArray());
        for (Tensor t : response.outputs()) {
            if (response.binaryOutputs().contains(t.name())) {
                BinaryTensors.encode(t, buf);
            }
        }
        return HttpResponse.ok(buf.array()).contentType(MediaType.APPLICATION_OCTET_STREAM_TYPE)
                .header(HEADER_LENGTH, Integer.toString(jsonLength));
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
