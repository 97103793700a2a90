package io.plumbline.serving.grpc;

import io.grpc.Metadata;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallExecutorSupplier;
import io.micronaut.context.event.BeanCreatedEvent;
import io.micronaut.context.event.BeanCreatedEventListener;
import io.micronaut.scheduling.TaskExecutors;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import jakarta.inject.Named;
import jakarta.inject.Singleton;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;

/**
 * Runs the V2 calls that never block on the gRPC connection's own event loop, as REST runs them on its
 * own, instead of handing each to Micronaut's I/O pool first. A {@code ModelInfer} only decodes, validates
 * and queues on its model's batcher (its answer is written from the batcher's thread), so the pool added
 * thread hops per call (the call's start, its message, its half-close) and nothing else. The repository
 * calls, which load and unload models from disk or S3, and any other service (health) run on the pool.
 *
 * <p>The server's executor is the direct one and the pool is chosen per call: with the pool as the server's
 * executor and the direct one chosen per call, gRPC would still start every call on the pool.
 */
@Singleton
final class GrpcCallThreads implements BeanCreatedEventListener<ServerBuilder<?>> {
    private static final Set<String> NON_BLOCKING = Set.of(
            GRPCInferenceServiceGrpc.getModelInferMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getServerLiveMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getServerReadyMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getModelReadyMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getServerMetadataMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getModelMetadataMethod().getFullMethodName(),
            GRPCInferenceServiceGrpc.getModelStatisticsMethod().getFullMethodName());

    private final ExecutorService pool;

    /** @param pool Micronaut's I/O pool, the executor Micronaut gives the gRPC server */
    GrpcCallThreads(@Named(TaskExecutors.IO) ExecutorService pool) {
        this.pool = pool;
    }

    @Override
    public ServerBuilder<?> onCreated(BeanCreatedEvent<ServerBuilder<?>> event) {
        return event.getBean().directExecutor().callExecutor(new ServerCallExecutorSupplier() {
            @Override
            public <Q, R> Executor getExecutor(ServerCall<Q, R> call, Metadata headers) {
                return nonBlocking(call.getMethodDescriptor().getFullMethodName()) ? null : pool;
            }
        });
    }

    /** Whether a call may run on the event loop (null from the supplier: the server's direct executor). */
    static boolean nonBlocking(String fullMethodName) {
        return NON_BLOCKING.contains(fullMethodName);
    }
}
