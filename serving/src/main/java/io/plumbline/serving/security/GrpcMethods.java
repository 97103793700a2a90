package io.plumbline.serving.security;

import io.grpc.health.v1.HealthGrpc;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelMetadataRequest;
import io.plumbline.serving.grpc.v2.ModelReadyRequest;
import io.plumbline.serving.grpc.v2.ModelStatisticsRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelLoadRequest;
import io.plumbline.serving.grpc.v2.RepositoryModelUnloadRequest;
import java.util.Map;

/**
 * The API group of each {@code inference.GRPCInferenceService} method, the gRPC twin of
 * {@link RestRoutes}; a method not listed (another service, a method added later) is {@code admin}.
 * Per-model methods carry the model in the request message, so they are authorized when it arrives.
 */
final class GrpcMethods {
    private static final String SERVICE = GRPCInferenceServiceGrpc.SERVICE_NAME + "/";
    /** grpc.health.v1.Health (Check, Watch): what Kubernetes gRPC probes call, without credentials. */
    private static final String HEALTH = HealthGrpc.SERVICE_NAME + "/";
    private static final Map<String, Api> METHODS = Map.ofEntries(
            Map.entry("ModelStatistics", Api.READ),
            Map.entry("ServerLive", Api.PROBE),
            Map.entry("ServerReady", Api.PROBE),
            Map.entry("ServerMetadata", Api.READ),
            Map.entry("ModelReady", Api.READ),
            Map.entry("ModelMetadata", Api.READ),
            Map.entry("ModelInfer", Api.INFER),
            Map.entry("RepositoryIndex", Api.ADMIN),
            Map.entry("RepositoryModelLoad", Api.ADMIN),
            Map.entry("RepositoryModelUnload", Api.ADMIN));

    private GrpcMethods() {
    }

    static Api api(String fullMethodName) {
        if (fullMethodName.startsWith(HEALTH)) {
            return Api.PROBE;
        }
        if (!fullMethodName.startsWith(SERVICE)) {
            return Api.ADMIN;
        }
        return METHODS.getOrDefault(fullMethodName.substring(SERVICE.length()), Api.ADMIN);
    }

    /** Whether the method names a model in its request, so authorization waits for the message. */
    static boolean perModel(String fullMethodName) {
        String m = fullMethodName.startsWith(SERVICE) ? fullMethodName.substring(SERVICE.length()) : "";
        return m.equals("ModelInfer") || m.equals("ModelReady") || m.equals("ModelMetadata")
                || m.equals("ModelStatistics") || m.equals("RepositoryModelLoad") || m.equals("RepositoryModelUnload");
    }

    /** The model a request message names; null for messages without one. */
    static String model(Object message) {
        if (message instanceof ModelInferRequest r) {
            return r.getModelName();
        }
        if (message instanceof ModelMetadataRequest r) {
            return r.getName();
        }
        if (message instanceof ModelReadyRequest r) {
            return r.getName();
        }
        if (message instanceof ModelStatisticsRequest r) {
            // An empty name asks for every model: a model-less call, which needs the unrestricted scope.
            return r.getName().isEmpty() ? null : r.getName();
        }
        if (message instanceof RepositoryModelLoadRequest r) {
            return r.getModelName();
        }
        if (message instanceof RepositoryModelUnloadRequest r) {
            return r.getModelName();
        }
        return null;
    }
}
