package io.plumbline.serving.grpc;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.StreamObserver;
import io.plumbline.model.InvalidNameException;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.TensorSpec;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelInferResponse;
import io.plumbline.serving.grpc.v2.ModelMetadataRequest;
import io.plumbline.serving.grpc.v2.ModelMetadataResponse;
import io.plumbline.serving.grpc.v2.ModelReadyRequest;
import io.plumbline.serving.grpc.v2.ModelReadyResponse;
import io.plumbline.serving.grpc.v2.ModelStatisticsRequest;
import io.plumbline.serving.grpc.v2.ModelStatisticsResponse;
import io.plumbline.serving.grpc.v2.RepositoryIndexRequest;
import io.plumbline.serving.grpc.v2.RepositoryIndexResponse;
import io.plumbline.serving.grpc.v2.RepositoryModelLoadRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelLoadResponse;
import io.plumbline.serving.grpc.v2.RepositoryModelUnloadRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelUnloadResponse;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.serving.grpc.v2.ServerLiveResponse;
import io.plumbline.serving.grpc.v2.ServerMetadataRequest;
import io.plumbline.serving.grpc.v2.ServerMetadataResponse;
import io.plumbline.serving.grpc.v2.ServerReadyRequest;
import io.plumbline.serving.grpc.v2.ServerReadyResponse;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceService;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.ServerInfo;
import io.plumbline.serving.inference.StatisticsQuery;
import io.plumbline.serving.lifecycle.Readiness;
import io.plumbline.serving.tracing.GrpcMetadataGetter;
import io.plumbline.serving.tracing.RequestTrace;
import io.plumbline.serving.tracing.Tracing;
import jakarta.inject.Singleton;
import java.util.function.Supplier;

/**
 * {@code inference.GRPCInferenceService}. Errors carry the same messages as REST, with the codes
 * of {@link #status}: INVALID_ARGUMENT, NOT_FOUND, RESOURCE_EXHAUSTED, UNAVAILABLE, INTERNAL.
 */
@Singleton
final class V2GrpcService extends GRPCInferenceServiceGrpc.GRPCInferenceServiceImplBase {
    private static final String PROTOCOL = "grpc";
    private static final String INFER_SPAN = "inference.GRPCInferenceService/ModelInfer";

    private final InferenceService inference;
    private final ModelCatalog catalog;
    private final Readiness readiness;
    private final InputLimits limits;
    private final StatisticsQuery statistics;
    private final Tracing tracing;

    V2GrpcService(InferenceService inference, ModelCatalog catalog, Readiness readiness, InputLimits limits,
            StatisticsQuery statistics, Tracing tracing) {
        this.tracing = tracing;
        this.inference = inference;
        this.catalog = catalog;
        this.readiness = readiness;
        this.limits = limits;
        this.statistics = statistics;
    }

    @Override
    public void serverLive(ServerLiveRequest request, StreamObserver<ServerLiveResponse> out) {
        reply(out, () -> ServerLiveResponse.newBuilder().setLive(true).build());
    }

    @Override
    public void serverReady(ServerReadyRequest request, StreamObserver<ServerReadyResponse> out) {
        reply(out, () -> ServerReadyResponse.newBuilder().setReady(readiness.ready()).build());
    }

    @Override
    public void modelReady(ModelReadyRequest request, StreamObserver<ModelReadyResponse> out) {
        reply(out, () -> {
            LoadedModel m = inference.resolve(request.getName(), blankToNull(request.getVersion()));
            return ModelReadyResponse.newBuilder().setReady(!m.retired() && !readiness.shuttingDown()).build();
        });
    }

    @Override
    public void serverMetadata(ServerMetadataRequest request, StreamObserver<ServerMetadataResponse> out) {
        reply(out, () -> ServerMetadataResponse.newBuilder().setName(ServerInfo.NAME)
                .setVersion(ServerInfo.version()).addAllExtensions(ServerInfo.EXTENSIONS).build());
    }

    @Override
    public void modelMetadata(ModelMetadataRequest request, StreamObserver<ModelMetadataResponse> out) {
        reply(out, () -> {
            String version = blankToNull(request.getVersion());
            LoadedModel m = inference.resolve(request.getName(), version);
            ModelMetadataResponse.Builder b = ModelMetadataResponse.newBuilder().setName(m.name())
                    .setPlatform(m.platform());
            if (version == null) {
                catalog.versions(m.name()).forEach(v -> b.addVersions(v.versionLabel()));
            } else {
                b.addVersions(m.versionLabel());
            }
            m.signature().inputs().forEach(t -> b.addInputs(tensor(t)));
            m.signature().outputs().forEach(t -> b.addOutputs(tensor(t)));
            return b.build();
        });
    }

    private static ModelMetadataResponse.TensorMetadata tensor(TensorSpec spec) {
        ModelMetadataResponse.TensorMetadata.Builder t = ModelMetadataResponse.TensorMetadata.newBuilder()
                .setName(spec.name()).setDatatype(spec.datatype().wireName());
        for (long d : spec.shape()) {
            t.addShape(d);
        }
        return t.build();
    }

    @Override
    public void modelInfer(ModelInferRequest request, StreamObserver<ModelInferResponse> out) {
        boolean raw = request.getRawInputContentsCount() > 0;
        RequestTrace trace = tracing.enabled() ? tracing.start(INFER_SPAN, PROTOCOL,
                GrpcTraceInterceptor.HEADERS.get(), GrpcMetadataGetter.INSTANCE) : null;
        inference.infer(request.getModelName(), blankToNull(request.getModelVersion()),
                        () -> GrpcTensors.decode(request, limits), PROTOCOL, trace, response -> {
                            out.onNext(GrpcTensors.encode(response, raw));
                            out.onCompleted();
                            return response;
                        })
                .whenComplete((response, failure) -> {
                    if (failure != null) {
                        out.onError(status(failure));
                    }
                });
    }

    @Override
    public void repositoryIndex(RepositoryIndexRequest request, StreamObserver<RepositoryIndexResponse> out) {
        reply(out, () -> {
            RepositoryIndexResponse.Builder b = RepositoryIndexResponse.newBuilder();
            catalog.index().stream()
                    .filter(s -> !request.getReady() || s.state().equals(io.plumbline.model.VersionState.READY))
                    .forEach(s -> b.addModels(RepositoryIndexResponse.ModelIndex.newBuilder()
                            .setName(s.model()).setVersion(s.versionLabel())
                            .setState(s.state()).setReason(s.reason())));
            return b.build();
        });
    }

    @Override
    public void repositoryModelLoad(RepositoryModelLoadRequest request,
            StreamObserver<RepositoryModelLoadResponse> out) {
        reply(out, () -> {
            try {
                if (!catalog.load(request.getModelName())) {
                    throw InferenceException.invalid("failed to load '" + request.getModelName()
                            + "': no version could be loaded (see the repository index)");
                }
            } catch (ModelLoadException e) {
                throw new InferenceException(io.plumbline.serving.inference.Status.NOT_FOUND,
                        "failed to load '" + request.getModelName() + "': " + e.getMessage());
            }
            return RepositoryModelLoadResponse.getDefaultInstance();
        });
    }

    @Override
    public void repositoryModelUnload(RepositoryModelUnloadRequest request,
            StreamObserver<RepositoryModelUnloadResponse> out) {
        reply(out, () -> {
            if (!catalog.unload(request.getModelName())) {
                throw new InferenceException(io.plumbline.serving.inference.Status.NOT_FOUND,
                        "model '" + request.getModelName() + "' is not loaded");
            }
            return RepositoryModelUnloadResponse.getDefaultInstance();
        });
    }

    @Override
    public void modelStatistics(ModelStatisticsRequest request, StreamObserver<ModelStatisticsResponse> out) {
        reply(out, () -> GrpcStatistics.encode(statistics.report(request.getName(), request.getVersion())));
    }

    private static <T> void reply(StreamObserver<T> out, Supplier<T> body) {
        T value;
        try {
            value = body.get();
        } catch (RuntimeException e) {
            out.onError(status(e));
            return;
        }
        out.onNext(value);
        out.onCompleted();
    }

    static StatusRuntimeException status(Throwable failure) {
        Throwable t = InferenceException.unwrap(failure);
        if (t instanceof InvalidNameException) {
            return Status.INVALID_ARGUMENT.withDescription(InferenceException.invalid(t.getMessage()).getMessage())
                    .asRuntimeException();
        }
        if (!(t instanceof InferenceException e)) {
            return Status.INTERNAL.withDescription("internal error (see server log)").asRuntimeException();
        }
        Status code = switch (e.status()) {
            case INVALID_ARGUMENT, PAYLOAD_TOO_LARGE -> Status.INVALID_ARGUMENT;
            case NOT_FOUND -> Status.NOT_FOUND;
            case RESOURCE_EXHAUSTED -> Status.RESOURCE_EXHAUSTED;
            case UNAVAILABLE -> Status.UNAVAILABLE;
            case INTERNAL -> Status.INTERNAL;
        };
        // InferenceException caps its message, so the status fits the trailers (8 KiB by default):
        // an oversized one reached clients as RESOURCE_EXHAUSTED instead of this code.
        return code.withDescription(e.getMessage()).asRuntimeException();
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
