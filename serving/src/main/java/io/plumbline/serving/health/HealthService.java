package io.plumbline.serving.health;

import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import io.plumbline.serving.inference.Quoted;
import jakarta.inject.Singleton;

/**
 * {@code grpc.health.v1.Health} as the health checking protocol specifies it: Check answers the
 * status now, or NOT_FOUND for a name the server does not know; Watch sends the status at once and
 * again on every change, SERVICE_UNKNOWN included, until the client cancels or the server drains.
 *
 * <p>Not grpc-services' {@code HealthStatusManager}: that one serves statuses pushed into it, so
 * Check would answer what was last pushed (a model that became routable a moment ago would still be
 * NOT_SERVING), and it never ends a Watch, which would hold the shutdown's drain until its timeout.
 */
@Singleton
final class HealthService extends HealthGrpc.HealthImplBase {
    private final HealthStatuses statuses;
    private final HealthWatchers watchers;

    HealthService(HealthStatuses statuses, HealthWatchers watchers) {
        this.statuses = statuses;
        this.watchers = watchers;
    }

    @Override
    public void check(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
        ServingStatus status = statuses.of(request.getService());
        if (status == ServingStatus.SERVICE_UNKNOWN) {
            out.onError(Status.NOT_FOUND.withDescription("unknown service '" + Quoted.of(request.getService())
                    + "': use \"\" (the server), \"" + HealthNames.LIVENESS + "\" or \"" + HealthNames.MODEL_PREFIX
                    + "<model>[/<version>]\" for a model of the repository").asRuntimeException());
            return;
        }
        out.onNext(HealthCheckResponse.newBuilder().setStatus(status).build());
        out.onCompleted();
    }

    @Override
    public void watch(HealthCheckRequest request, StreamObserver<HealthCheckResponse> out) {
        watchers.watch(request.getService(), (ServerCallStreamObserver<HealthCheckResponse>) out);
    }
}
