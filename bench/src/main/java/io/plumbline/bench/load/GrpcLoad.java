package io.plumbline.bench.load;

import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.stub.StreamObserver;
import io.plumbline.bench.BenchModels;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc.GRPCInferenceServiceStub;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelInferResponse;
import io.plumbline.serving.grpc.v2.ServerLiveRequest;
import io.plumbline.serving.grpc.v2.ServerLiveResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiConsumer;

/**
 * A closed-loop gRPC load generator: {@code inFlight} loops on async stubs over one HTTP/2 channel,
 * each starting its next call when the last completes. Latency is measured per call; only calls
 * completing inside the measured window count.
 */
final class GrpcLoad implements AutoCloseable {
    private final ManagedChannel channel;
    private final GRPCInferenceServiceStub stub;

    GrpcLoad(int port) {
        channel = ManagedChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().directExecutor()
                .maxInboundMessageSize(16 << 20).build();
        stub = GRPCInferenceServiceGrpc.newStub(channel);
    }

    LoadResult serverLive(int inFlight, Duration warmup, Duration measure) throws InterruptedException {
        ServerLiveRequest request = ServerLiveRequest.getDefaultInstance();
        return this.<ServerLiveResponse>run(LoadHarness.GRPC_LIVE, (s, o) -> s.serverLive(request, o), inFlight, warmup, measure);
    }

    /** ModelInfer on the demo model: one row of 4 floats as typed {@code fp32_contents}. */
    LoadResult inferDemo(int inFlight, Duration warmup, Duration measure) throws InterruptedException {
        ModelInferRequest request = demoRequest();
        return this.<ModelInferResponse>run(LoadHarness.GRPC_INFER, (s, o) -> s.modelInfer(request, o), inFlight, warmup, measure);
    }

    /** The demo model's one-row request, also what h2load sends ({@link H2load}). */
    static ModelInferRequest demoRequest() {
        ModelInferRequest.Builder b = ModelInferRequest.newBuilder().setModelName(BenchModels.DEMO);
        InferTensorContents.Builder contents = InferTensorContents.newBuilder();
        for (float f : BenchModels.rows(BenchModels.DEMO, 1, 7)) {
            contents.addFp32Contents(f);
        }
        b.addInputsBuilder().setName(BenchModels.DEMO_INPUT).setDatatype("FP32").addShape(1).addShape(4)
                .setContents(contents);
        return b.build();
    }

    /**
     * One ServerLive and one demo ModelInfer with a blocking stub, which throws unless {@code grpc-status}
     * is OK: h2load cannot see that trailer, so its bodies are checked here first.
     */
    void checkOnce() {
        var blocking = GRPCInferenceServiceGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);
        if (!blocking.serverLive(ServerLiveRequest.getDefaultInstance()).getLive()) {
            throw new IllegalStateException("gRPC ServerLive answered live=false");
        }
        if (blocking.modelInfer(demoRequest()).getOutputsCount() == 0) {
            throw new IllegalStateException("gRPC ModelInfer answered no output");
        }
    }

    private <T> LoadResult run(String label, BiConsumer<GRPCInferenceServiceStub, StreamObserver<T>> call,
            int inFlight, Duration warmup, Duration measure) throws InterruptedException {
        Window window = new Window();
        List<Loop<T>> loops = new ArrayList<>();
        for (int i = 0; i < inFlight; i++) {
            loops.add(new Loop<>(call, window));
        }
        loops.forEach(Loop::next);
        Thread.sleep(warmup.toMillis());
        long t0 = System.nanoTime();
        window.recording = true;
        Thread.sleep(measure.toMillis());
        window.recording = false;
        long t1 = System.nanoTime();
        window.stopped = true;
        long drainDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (window.inFlight.get() > 0 && System.nanoTime() < drainDeadline) {
            Thread.sleep(10);
        }
        LatencyRecorder r = window.latencies;
        double seconds = (t1 - t0) / 1e9;
        return new LoadResult(label, inFlight, r.count() / seconds, r.percentileMicros(0.50),
                r.percentileMicros(0.90), r.percentileMicros(0.99), r.count(), window.errors.get());
    }

    /** Shared state of one run's loops. */
    private static final class Window {
        final LatencyRecorder latencies = new LatencyRecorder();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong inFlight = new AtomicLong();
        volatile boolean recording;
        volatile boolean stopped;
    }

    private final class Loop<T> implements StreamObserver<T> {
        private final BiConsumer<GRPCInferenceServiceStub, StreamObserver<T>> call;
        private final Window window;
        private long started;

        Loop(BiConsumer<GRPCInferenceServiceStub, StreamObserver<T>> call, Window window) {
            this.call = call;
            this.window = window;
        }

        void next() {
            if (window.stopped) {
                return;
            }
            window.inFlight.incrementAndGet();
            started = System.nanoTime();
            call.accept(stub, this);
        }

        @Override
        public void onNext(T value) {
        }

        @Override
        public void onError(Throwable t) {
            window.inFlight.decrementAndGet();
            if (window.recording) {
                window.errors.incrementAndGet();
            }
            next();
        }

        @Override
        public void onCompleted() {
            long latency = System.nanoTime() - started;
            window.inFlight.decrementAndGet();
            if (window.recording) {
                window.latencies.record(latency);
            }
            next();
        }
    }

    @Override
    public void close() throws InterruptedException {
        channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    }
}
