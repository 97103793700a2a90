package io.plumbline.serving.lifecycle;

import com.google.protobuf.ByteString;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.StatusRuntimeException;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import io.plumbline.model.LoadedModel;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.TensorSpec;
import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * {@code warm-up}: starts the service as configured, waits until it is ready, sends every loaded model
 * version one request over REST JSON, REST binary and gRPC, stops and exits. Run under
 * {@code java -XX:ArchiveClassesAtExit=plumbline.jsa}, the JVM then writes a class-data archive of every
 * class start-up and the request path loaded, and {@code -XX:SharedArchiveFile=plumbline.jsa} starts the
 * service from it: about 40 % faster to ready and a smaller resident set (bench/RESULTS.md, Start-up). JDK 17
 * has no automatic archive ({@code -XX:+AutoCreateSharedArchive} came in 19), hence a training run.
 *
 * <p>Three settings are its own, whatever the configuration says: the HTTP port is any free one and the gRPC
 * port a free one found here (a warm-up must not collide with a running instance), the events stay in this
 * process (zero-valued warm-up predictions must never reach a production topic), and the shutdown grace
 * period is 0 (no load balancer is watching). A request that fails (authentication on, TLS) is reported and
 * leaves the archive with start-up's classes only; not becoming ready in time is exit code 1.
 */
public final class WarmUp {
    private static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(10);
    private static final String USAGE = "usage: warm-up [--timeout SECONDS]   (default 600; under"
            + " java -XX:ArchiveClassesAtExit=plumbline.jsa -jar plumbline-serving.jar warm-up)";

    private final PrintStream out;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    private WarmUp(PrintStream out) {
        this.out = out;
    }

    /** Runs the warm-up with the service started by {@code start}; returns the exit code. */
    public static int run(List<String> args, Supplier<ApplicationContext> start, PrintStream out, PrintStream err) {
        Duration timeout = DEFAULT_TIMEOUT;
        if (args.size() == 2 && args.get(0).equals("--timeout") && args.get(1).matches("[1-9][0-9]{0,5}")) {
            timeout = Duration.ofSeconds(Long.parseLong(args.get(1)));
        } else if (!args.isEmpty()) {
            err.println("warm-up: unexpected arguments " + args + "; " + USAGE);
            return 2;
        }
        int grpcPort = freePort();
        System.setProperty("micronaut.server.port", "-1");
        System.setProperty("grpc.server.port", Integer.toString(grpcPort));
        System.setProperty("plumbline.events.sink", "embedded");
        System.setProperty("plumbline.shutdown.grace-period", "0s");
        try (ApplicationContext context = start.get()) {
            if (context == null || !context.isRunning()) {
                err.println("warm-up: the service did not start; see the lines above");
                return 1;
            }
            return new WarmUp(out).warm(context, grpcPort, timeout, err);
        }
    }

    private int warm(ApplicationContext context, int grpcPort, Duration timeout, PrintStream err) {
        Readiness readiness = context.getBean(Readiness.class);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!readiness.ready()) {
            if (System.nanoTime() > deadline) {
                err.println("warm-up: not ready after " + timeout.toSeconds() + " s (" + readiness.notReadyReason()
                        .orElse("") + "); raise --timeout, or see the lines above for a model that did not load");
                return 1;
            }
            sleep();
        }
        URI base = context.getBean(EmbeddedServer.class).getURI();
        List<LoadedModel> models = context.getBean(ModelCatalog.class).loaded();
        ManagedChannel channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
        try {
            var grpc = GRPCInferenceServiceGrpc.newBlockingStub(channel);
            for (LoadedModel m : models) {
                out.println("warm-up: " + m.name() + " version " + m.version() + ": " + sendAll(m, base, grpc));
            }
        } finally {
            channel.shutdownNow();
            awaitQuietly(channel);
        }
        out.println("warm-up: done (" + models.size() + " model version" + (models.size() == 1 ? "" : "s") + ")");
        return 0;
    }

    private String sendAll(LoadedModel m, URI base, GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub grpc) {
        List<TensorSpec> inputs = m.signature().inputs();
        List<TensorSpec> unsendable = inputs.stream().filter(t -> !t.datatype().isFixedSize()).toList();
        if (!unsendable.isEmpty()) {
            return "skipped (input " + unsendable.get(0).name() + " is " + unsendable.get(0).datatype().wireName()
                    + "; a zero-valued request needs fixed-size inputs)";
        }
        URI uri = base.resolve("/v2/models/" + m.name() + "/versions/" + m.version() + "/infer");
        return "REST JSON " + post(uri, json(inputs, false), 0) + ", REST binary " + binary(uri, inputs)
                + ", gRPC " + grpc(m, inputs, grpc);
    }

    /** The request's JSON: zero-valued data inline, or a {@code binary_data_size} per input. */
    private static String json(List<TensorSpec> inputs, boolean binary) {
        return inputs.stream().map(t -> {
            long[] shape = shape(t);
            long n = elements(t);
            String data = binary ? "\"parameters\":{\"binary_data_size\":" + n * t.datatype().byteSize() + "}"
                    : "\"data\":[" + String.join(",", Collections.nCopies(Math.toIntExact(n),
                            t.datatype() == DataType.BOOL ? "false" : "0")) + "]";
            return "{\"name\":\"" + t.name() + "\",\"datatype\":\"" + t.datatype().wireName() + "\",\"shape\":"
                    + Arrays.stream(shape).mapToObj(Long::toString).collect(Collectors.joining(",", "[", "]")) + ","
                    + data + "}";
        }).collect(Collectors.joining(",", "{\"inputs\":[", "]}"));
    }

    private String binary(URI uri, List<TensorSpec> inputs) {
        byte[] head = json(inputs, true).getBytes(StandardCharsets.UTF_8);
        long bytes = inputs.stream().mapToLong(t -> elements(t) * t.datatype().byteSize()).sum();
        byte[] body = Arrays.copyOf(head, Math.toIntExact(head.length + bytes));
        return post(uri, body, head.length);
    }

    private String post(URI uri, Object body, int jsonLength) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60));
        if (body instanceof String s) {
            request.header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(s));
        } else {
            request.header("Content-Type", "application/octet-stream")
                    .header("Inference-Header-Content-Length", Integer.toString(jsonLength))
                    .POST(HttpRequest.BodyPublishers.ofByteArray((byte[]) body));
        }
        try {
            return Integer.toString(http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode());
        } catch (IOException e) {
            return "failed (" + e + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    private static String grpc(LoadedModel m, List<TensorSpec> inputs,
            GRPCInferenceServiceGrpc.GRPCInferenceServiceBlockingStub stub) {
        ModelInferRequest.Builder request = ModelInferRequest.newBuilder().setModelName(m.name())
                .setModelVersion(Long.toString(m.version()));
        for (TensorSpec t : inputs) {
            ModelInferRequest.InferInputTensor.Builder input = ModelInferRequest.InferInputTensor.newBuilder()
                    .setName(t.name()).setDatatype(t.datatype().wireName());
            Arrays.stream(shape(t)).forEach(input::addShape);
            request.addInputs(input);
            request.addRawInputContents(ByteString.copyFrom(new byte[Math.toIntExact(elements(t)
                    * t.datatype().byteSize())]));
        }
        try {
            stub.withDeadlineAfter(60, TimeUnit.SECONDS).modelInfer(request.build());
            return "OK";
        } catch (StatusRuntimeException e) {
            return e.getStatus().getCode().name();
        }
    }

    /** The declared shape with every variable dimension (-1) as 1: one row. */
    private static long[] shape(TensorSpec t) {
        return Arrays.stream(t.shape()).map(d -> d < 0 ? 1 : d).toArray();
    }

    private static long elements(TensorSpec t) {
        return Arrays.stream(shape(t)).reduce(1, Math::multiplyExact);
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(50);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for readiness", e);
        }
    }

    private static void awaitQuietly(ManagedChannel channel) {
        try {
            channel.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
