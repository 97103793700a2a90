package io.plumbline.bench.micro;

import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.Status;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.netty.NettyHttpHeaders;
import io.opentelemetry.api.trace.Span;
import io.plumbline.serving.tracing.GrpcMetadataGetter;
import io.plumbline.serving.tracing.HttpHeaderGetter;
import io.plumbline.serving.tracing.RequestTrace;
import io.plumbline.serving.tracing.Tracing;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Everything one inference request does for tracing while tracing is off (serving/TRACING.md), in
 * nanoseconds per request, so that the bench can say what off costs against a request's own time. A
 * build without tracing code does not exist to compare with; this adds up the off path's operations
 * instead, with serving's own classes where it has them:
 *
 * <ul>
 *   <li>{@code V2Controller.infer} / {@code V2GrpcService.modelInfer}: {@link Tracing#enabled()} on the
 *       server's {@link Tracing#off()}; here also {@link Tracing#start} itself (it checks again and returns
 *       null) with the request's real carrier: Micronaut's {@link NettyHttpHeaders} holding the headers wrk
 *       sends, or gRPC {@link Metadata} as grpc-java's client sends, through serving's getters.</li>
 *   <li>gRPC only: serving's {@code GrpcTraceInterceptor} (package-private, so built by reflection) in the
 *       call chain, off: one boolean check, then the next handler (here one returning a fixed listener).</li>
 *   <li>{@code InferenceService.infer} and {@code Batcher}: the branches on the null trace, one method per
 *       stage as in the server (submit, the batch run, the completion stage, the controller's answer stage),
 *       each not inlined so that the JIT cannot fold them into the first check. Their calls are counted too,
 *       which the server pays anyway: an upper bound. Not counted: the two null reference fields each
 *       {@code Job} carries (8 bytes with compressed oops, in an object allocated per request anyway).</li>
 * </ul>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class TracingOffBenchmark {
    private static final String REST_SPAN = "POST /v2/models/{model}/infer";
    private static final String GRPC_SPAN = "inference.GRPCInferenceService/ModelInfer";

    private Tracing tracing;
    private HttpHeaders headers;
    private Metadata metadata;
    private ServerInterceptor interceptor;
    private ServerCall<Object, Object> call;
    private ServerCallHandler<Object, Object> next;
    /** Stands in for the batcher's {@code BatchSpans}: null when off, as in the server. */
    private UnaryOperator<Span> spans;

    @Setup
    public void setup() throws ReflectiveOperationException {
        tracing = Tracing.off();
        NettyHttpHeaders h = new NettyHttpHeaders();
        // What wrk sends with the bench's REST JSON body.
        h.add("Host", "127.0.0.1:8080");
        h.add("Content-Type", "application/json");
        h.add("Content-Length", "113");
        headers = h;
        metadata = new Metadata();
        metadata.put(Metadata.Key.of("content-type", Metadata.ASCII_STRING_MARSHALLER), "application/grpc");
        metadata.put(Metadata.Key.of("te", Metadata.ASCII_STRING_MARSHALLER), "trailers");
        metadata.put(Metadata.Key.of("user-agent", Metadata.ASCII_STRING_MARSHALLER), "grpc-java-netty/1.75.0");
        var constructor = Class.forName("io.plumbline.serving.grpc.GrpcTraceInterceptor")
                .getDeclaredConstructor(Tracing.class);
        constructor.setAccessible(true);
        interceptor = (ServerInterceptor) constructor.newInstance(tracing);
        call = new IdleCall();
        ServerCall.Listener<Object> listener = new ServerCall.Listener<>() {
        };
        next = (c, m) -> listener;
    }

    /** A REST infer request's tracing work, off. */
    @Benchmark
    public Object rest() {
        boolean on = tracing.enabled();
        RequestTrace trace = tracing.start(REST_SPAN, "rest", headers, HttpHeaderGetter.INSTANCE);
        return downstream(trace, on);
    }

    /** A gRPC ModelInfer call's tracing work, off: the interceptor, then as REST. */
    @Benchmark
    public Object grpc() {
        ServerCall.Listener<Object> l = interceptor.interceptCall(call, metadata, next);
        boolean on = tracing.enabled();
        RequestTrace trace = tracing.start(GRPC_SPAN, "grpc", metadata, GrpcMetadataGetter.INSTANCE);
        return downstream(trace, on) == null ? l : null;
    }

    private Object downstream(RequestTrace trace, boolean on) {
        Span parent = service(trace);
        Span span = submit(parent);
        run(span);
        complete(trace);
        return answer(trace) ? null : Boolean.valueOf(on);
    }

    /** {@code InferenceService.infer} before the batcher: model and request id on the span, its span handed on. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static Span service(RequestTrace trace) {
        if (trace != null) {
            trace.model("weather", "1");
        }
        if (trace != null) {
            trace.requestId("bench");
        }
        return trace == null ? null : trace.span();
    }

    /** {@code Batcher.submit}: the traced span only when the batcher has a tracer, and then a queue span. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private Span submit(Span traceSpan) {
        Span traced = spans == null ? null : traceSpan;
        Span queued = traced == null ? null : spans.apply(traced);
        return queued == null ? traced : queued;
    }

    /** {@code Batcher.run}: a batch span only when the batch's first job is traced; ended in a finally. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static void run(Span traceSpan) {
        Span span = traceSpan == null ? null : traceSpan;
        if (span != null) {
            span.end();
        }
    }

    /** {@code InferenceService}'s completion stage: metrics with or without the span current, traceparent, end. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static String complete(RequestTrace trace) {
        String traceparent = trace == null ? null : trace.traceparent();
        if (trace != null) {
            trace.end("ok");
        }
        return traceparent;
    }

    /** {@code V2Controller.infer}'s answer stage: the plain one when there is no trace. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    private static boolean answer(RequestTrace trace) {
        return trace == null;
    }

    /** A call the interceptor passes on without touching (tracing off). */
    private static final class IdleCall extends ServerCall<Object, Object> {
        @Override
        public void request(int numMessages) {
        }

        @Override
        public void sendHeaders(Metadata headers) {
        }

        @Override
        public void sendMessage(Object message) {
        }

        @Override
        public void close(Status status, Metadata trailers) {
        }

        @Override
        public boolean isCancelled() {
            return false;
        }

        @Override
        public MethodDescriptor<Object, Object> getMethodDescriptor() {
            return null;
        }
    }
}
