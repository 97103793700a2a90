package io.plumbline.serving.grpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.micronaut.context.annotation.Requires;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.netty.channel.EventLoop;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelStatisticsRequest;
import io.plumbline.serving.grpc.v2.RepositoryIndexRequest;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.serving.http.TestRepository;
import io.plumbline.serving.http.V2Client;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Where a gRPC call runs, seen from inside a real server: the V2 calls that never block start on the
 * connection's Netty event loop (no hop to the I/O pool), the repository calls on a pool thread, so a
 * model load from S3 cannot stall every call on that connection.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GrpcCallThreadsTest implements TestPropertyProvider {
    private static final String FLAG = "test.grpc-call-threads";

    @Inject
    EmbeddedServer server;
    @Inject
    ThreadRecorder recorder;

    private int grpcPort;
    private ManagedChannel channel;

    @Override
    public Map<String, String> getProperties() {
        try (ServerSocket s = new ServerSocket(0)) {
            grpcPort = s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("plumbline.registry.uri", TestRepository.create().toString(), "micronaut.server.port", "-1",
                "grpc.server.port", Integer.toString(grpcPort), "plumbline.repository-api.enabled", "true",
                FLAG, "true");
    }

    @BeforeAll
    void start() {
        new V2Client(server.getURI()).awaitReady();
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
    }

    @AfterAll
    void stop() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }

    @Test
    void nonBlockingCalls_startOnTheEventLoop_repositoryCallsOnThePool() {
        var stub = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(60, TimeUnit.SECONDS);
        assertTrue(stub.serverLive(ServerLiveRequest.getDefaultInstance()).getLive());
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        for (float v : new float[] {0f, 13.3f, 5f, 3.1f}) {
            c.addFp32Contents(v);
        }
        assertEquals(5, stub.modelInfer(ModelInferRequest.newBuilder().setModelName("weather")
                .addInputs(ModelInferRequest.InferInputTensor.newBuilder().setName("features").setDatatype("FP32")
                        .addShape(1).addShape(4).setContents(c)).build()).getOutputs(0).getShape(1));
        stub.modelStatistics(ModelStatisticsRequest.newBuilder().setName("weather").build());
        assertFalse(stub.repositoryIndex(RepositoryIndexRequest.getDefaultInstance()).getModelsList().isEmpty());

        assertTrue(recorder.onEventLoop("ServerLive"), recorder.threads::toString);
        assertTrue(recorder.onEventLoop("ModelInfer"), recorder.threads::toString);
        assertTrue(recorder.onEventLoop("ModelStatistics"), recorder.threads::toString);
        assertFalse(recorder.onEventLoop("RepositoryIndex"), recorder.threads::toString);
    }

    @Test
    void everyRepositoryCall_andAnyOtherService_keepsThePool() {
        for (MethodDescriptor<?, ?> m : GRPCInferenceServiceGrpc.getServiceDescriptor().getMethods()) {
            if (m.getBareMethodName().startsWith("Repository")) {
                assertFalse(GrpcCallThreads.nonBlocking(m.getFullMethodName()), m.getFullMethodName());
            } else {
                assertTrue(GrpcCallThreads.nonBlocking(m.getFullMethodName()), m.getFullMethodName());
            }
        }
        assertFalse(GrpcCallThreads.nonBlocking("grpc.health.v1.Health/Check"));
        assertFalse(GrpcCallThreads.nonBlocking("grpc.health.v1.Health/Watch"));
    }

    /** Notes the thread each call starts on (interceptors run on the call's executor). */
    @Singleton
    @Requires(property = FLAG, value = "true")
    static final class ThreadRecorder implements ServerInterceptor {
        final Map<String, Boolean> threads = new ConcurrentHashMap<>();

        @Override
        public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                ServerCallHandler<Q, R> next) {
            threads.put(call.getMethodDescriptor().getBareMethodName(),
                    Thread.currentThread() instanceof io.netty.util.concurrent.FastThreadLocalThread
                            && isEventLoop());
            return next.startCall(call, headers);
        }

        boolean onEventLoop(String method) {
            return Boolean.TRUE.equals(threads.get(method));
        }

        private static boolean isEventLoop() {
            return io.netty.util.internal.ThreadExecutorMap.currentExecutor() instanceof EventLoop;
        }
    }
}
