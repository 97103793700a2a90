package io.plumbline.bench.load;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * gRPC unary calls driven by nghttp2's {@code h2load} (a C load generator, as wrk is for REST), so the
 * gRPC ratio does not rest on the Java client in the harness JVM alone. The body is one gRPC message
 * frame (compression flag 0, 4-byte big-endian length, protobuf bytes). h2load only sees HTTP status
 * codes, not the {@code grpc-status} trailer: the caller checks one call with a real gRPC client first.
 */
final class H2load {
    private static final Pattern FINISHED = Pattern.compile("finished in ([0-9.]+)(ms|s), ([0-9.]+) req/s");
    private static final Pattern REQUESTS = Pattern.compile("requests: (\\d+) total, (\\d+) started, (\\d+) done, "
            + "(\\d+) succeeded, (\\d+) failed, (\\d+) errored, (\\d+) timeout");
    private static final Pattern STATUS = Pattern.compile("status codes: (\\d+) 2xx, (\\d+) 3xx, (\\d+) 4xx, (\\d+) 5xx");

    private final String executable;
    private final Path workDir;

    H2load(String executable, Path workDir) {
        this.executable = executable;
        this.workDir = workDir;
    }

    /** True when {@code h2load --version} runs. */
    boolean available() {
        try {
            Process p = new ProcessBuilder(executable, "--version").redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** One length-prefixed gRPC message: flag byte 0 (not compressed), big-endian length, the bytes. */
    static byte[] frame(byte[] message) {
        return ByteBuffer.allocate(5 + message.length).put((byte) 0).putInt(message.length).put(message).array();
    }

    /**
     * Runs {@code seconds} of unary calls on one HTTP/2 connection with {@code streams} in flight,
     * as the Java client does (one channel).
     *
     * @param method e.g. {@code inference.GRPCInferenceService/ModelInfer}
     */
    LoadResult run(String label, int port, String method, byte[] message, int streams, int seconds)
            throws IOException, InterruptedException {
        Path body = workDir.resolve(method.replace('/', '_') + ".grpc");
        Files.write(body, frame(message));
        List<String> cmd = new ArrayList<>(List.of(executable, "-D", String.valueOf(seconds), "-c", "1", "-m",
                String.valueOf(streams), "-H", "content-type: application/grpc", "-H", "te: trailers", "-d",
                body.toString(), "http://127.0.0.1:" + port + "/" + method));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("h2load failed: " + String.join(" ", cmd) + "\n" + out);
        }
        return parse(label, streams, out);
    }

    /**
     * h2load's summary as a point: throughput from {@code finished in}, errors = failed + errored +
     * timeout + non-2xx; requests = done. h2load prints no percentiles, so p50/p90/p99 are NaN (its
     * mean latency is not put in their place).
     */
    static LoadResult parse(String label, int concurrency, String out) {
        Matcher f = find(FINISHED, out);
        Matcher r = find(REQUESTS, out);
        Matcher s = find(STATUS, out);
        long done = Long.parseLong(r.group(3));
        long errors = Long.parseLong(r.group(5)) + Long.parseLong(r.group(6)) + Long.parseLong(r.group(7))
                + Long.parseLong(s.group(2)) + Long.parseLong(s.group(3)) + Long.parseLong(s.group(4));
        return new LoadResult(label, concurrency, Double.parseDouble(f.group(3)), Double.NaN, Double.NaN, Double.NaN,
                done, errors);
    }

    private static Matcher find(Pattern p, String out) {
        Matcher m = p.matcher(out);
        if (!m.find()) {
            throw new IllegalArgumentException("h2load output without \"" + p.pattern() + "\":\n" + out);
        }
        return m;
    }
}
