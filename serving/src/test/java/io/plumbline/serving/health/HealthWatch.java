package io.plumbline.serving.health;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.stub.ClientCallStreamObserver;
import io.grpc.stub.ClientResponseObserver;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** One Watch call of a real grpc-java health client: the statuses it received, in order, and how it ended. */
final class HealthWatch implements AutoCloseable {
    private final BlockingQueue<ServingStatus> statuses = new LinkedBlockingQueue<>();
    /** OK when the server completed the call, else the status code. */
    final CompletableFuture<Status.Code> ended = new CompletableFuture<>();
    private volatile ClientCallStreamObserver<HealthCheckRequest> call;

    HealthWatch(ManagedChannel channel, String service) {
        HealthGrpc.newStub(channel).watch(HealthCheckRequest.newBuilder().setService(service).build(),
                new ClientResponseObserver<HealthCheckRequest, HealthCheckResponse>() {
                    @Override
                    public void beforeStart(ClientCallStreamObserver<HealthCheckRequest> requestStream) {
                        call = requestStream;
                    }

                    @Override
                    public void onNext(HealthCheckResponse value) {
                        statuses.add(value.getStatus());
                    }

                    @Override
                    public void onError(Throwable t) {
                        ended.complete(Status.fromThrowable(t).getCode());
                    }

                    @Override
                    public void onCompleted() {
                        ended.complete(Status.Code.OK);
                    }
                });
    }

    /** The next status sent, or null when none came within {@code wait}. */
    ServingStatus next(Duration wait) throws InterruptedException {
        return statuses.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        ClientCallStreamObserver<HealthCheckRequest> c = call;
        if (c != null && !ended.isDone()) {
            c.cancel("test done", null);
        }
    }
}
