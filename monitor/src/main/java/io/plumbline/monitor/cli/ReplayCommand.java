package io.plumbline.monitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * {@code replay --url http://localhost:8080 --model weather --data file.csv [--rate N] [--batch N]
 * [--shuffle SEED] [--drift feature:shift:after]}: sends the rows of a CSV (or JSON-lines) file through the
 * V2 REST API as an FP32 tensor of the model's first input, columns in the feature order its metadata declares
 * (the manifest's {@code features}), so a monitor sees realistic traffic. {@code --rate} caps requests per
 * second. {@code --shuffle} sends the rows in an order fixed by the seed (the file is read into memory first):
 * a file sorted by time, replayed in order, puts one season in each window, and a monitor rightly calls that
 * drift; shuffled, every window is a sample of the whole file, so only what {@code --drift} injects moves.
 * A progress line on stderr is rewritten about once a second. Exit 0 when every request succeeded, 1 when
 * some failed (the first failure is shown), 2 on usage or input errors.
 */
final class ReplayCommand {
    static final Set<String> OPTIONS = Set.of("url", "model", "version", "data", "rate", "batch", "shuffle", "drift");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, IOException {
        Arguments a = new Arguments("replay", args, OPTIONS);
        String base = a.text("url", "");
        String model = a.text("model", "");
        if (base.isBlank() || model.isBlank()) {
            throw new UsageException("replay: --url and --model are required");
        }
        String modelPath = base.replaceAll("/+$", "") + "/v2/models/" + model
                + (a.has("version") ? "/versions/" + a.text("version", "") : "");
        Path data = a.path("data");
        int batch = a.integer("batch", 1);
        double rate = a.number("rate", 0);
        int seed = a.has("shuffle") ? a.integer("shuffle", 1) : 0;
        DriftInjection drift = a.has("drift") ? DriftInjection.parse(a.text("drift", "")) : DriftInjection.NONE;

        JsonNode input = firstInput(modelPath);
        String inputName = input.get("name").asText();
        List<String> features = new ArrayList<>();
        input.path("features").forEach(f -> features.add(f.asText()));
        if (features.isEmpty()) {
            throw new UsageException("replay: model " + model + " declares no feature names for input " + inputName
                    + "; add features: [...] to its manifest");
        }
        if (!drift.feature().isEmpty() && !features.contains(drift.feature())) {
            throw new UsageException("replay: --drift names " + drift.feature() + ", not a feature of " + model
                    + " " + features);
        }
        Progress progress = new Progress(err);
        try (TableReader table = new Tables().open(data)) {
            int[] columns = columns(table.header(), features, data);
            Pacer pacer = new Pacer(rate);
            List<String[]> rows = new ArrayList<>(batch);
            long row = 0;
            Rows source = seed > 0 ? shuffled(table, seed) : table::next;
            for (String[] r = source.next(); r != null; r = source.next()) {
                rows.add(r);
                if (rows.size() == batch) {
                    pacer.await();
                    progress.sent(send(modelPath, inputName, features, columns, rows, row, drift), rows.size());
                    row += rows.size();
                    rows.clear();
                }
            }
            if (!rows.isEmpty()) {
                pacer.await();
                progress.sent(send(modelPath, inputName, features, columns, rows, row, drift), rows.size());
            }
        }
        progress.done();
        out.printf(Locale.ROOT, "replayed %d rows in %d requests to %s (%d failed)%n", progress.rows,
                progress.requests, model, progress.failed);
        return progress.failed == 0 ? Main.NO_DRIFT : Main.DRIFT;
    }

    /** Where the rows come from: the table itself, or the shuffled copy; null after the last. */
    @FunctionalInterface
    private interface Rows {
        String[] next() throws IOException;
    }

    /**
     * All of the table's rows, shuffled by {@link Collections#shuffle(List, Random)} with {@code new
     * Random(seed)}, so a seed gives the same order on every run and JDK.
     */
    private static Rows shuffled(TableReader table, int seed) throws IOException {
        List<String[]> all = new ArrayList<>();
        for (String[] r = table.next(); r != null; r = table.next()) {
            all.add(r);
        }
        Collections.shuffle(all, new Random(seed));
        return new ArrayDeque<>(all)::poll;
    }

    private JsonNode firstInput(String modelPath) throws UsageException {
        HttpResponse<String> r = call(HttpRequest.newBuilder(URI.create(modelPath)).timeout(TIMEOUT).GET().build());
        if (r.statusCode() != 200) {
            throw new UsageException("replay: " + modelPath + " answered " + r.statusCode() + ": " + r.body());
        }
        try {
            JsonNode inputs = json.readTree(r.body()).path("inputs");
            if (inputs.size() != 1) {
                throw new UsageException("replay: the model has " + inputs.size() + " inputs; replay sends one tensor");
            }
            return inputs.get(0);
        } catch (IOException e) {
            throw new UsageException("replay: " + modelPath + " did not answer model metadata: " + e.getMessage());
        }
    }

    private static int[] columns(List<String> header, List<String> features, Path data) throws UsageException {
        int[] columns = new int[features.size()];
        for (int j = 0; j < columns.length; j++) {
            columns[j] = header.indexOf(features.get(j));
            if (columns[j] < 0) {
                throw new UsageException("replay: " + data + " has no column " + features.get(j) + " (columns: "
                        + header + ")");
            }
        }
        return columns;
    }

    /** @return null when the request succeeded, else what went wrong */
    private String send(String modelPath, String inputName, List<String> features, int[] columns, List<String[]> rows,
            long firstRow, DriftInjection drift) {
        StringBuilder body = new StringBuilder(64 + rows.size() * columns.length * 8);
        body.append("{\"inputs\":[{\"name\":").append(json.getNodeFactory().textNode(inputName))
                .append(",\"datatype\":\"FP32\",\"shape\":[").append(rows.size()).append(',').append(columns.length)
                .append("],\"data\":[");
        for (int i = 0; i < rows.size(); i++) {
            for (int j = 0; j < columns.length; j++) {
                Double v = Cells.parse(rows.get(i)[columns[j]]);
                double value = drift.apply(features.get(j), firstRow + i, v == null ? Double.NaN : v);
                if (i + j > 0) {
                    body.append(',');
                }
                // The V2 codec accepts the bare token NaN for a missing value.
                body.append(Float.isNaN((float) value) ? "NaN" : Float.toString((float) value));
            }
        }
        body.append("]}]}");
        HttpRequest request = HttpRequest.newBuilder(URI.create(modelPath + "/infer")).timeout(TIMEOUT)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build();
        try {
            HttpResponse<String> r = call(request);
            return r.statusCode() == 200 ? null : "HTTP " + r.statusCode() + ": " + r.body();
        } catch (UsageException e) {
            return e.getMessage();
        }
    }

    private HttpResponse<String> call(HttpRequest request) throws UsageException {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UsageException("replay: cannot reach " + request.uri() + ": " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UsageException("replay: interrupted");
        }
    }

    /** Spaces requests evenly at {@code rate} per second (0: as fast as the server answers). */
    private static final class Pacer {
        private final long intervalNanos;
        private long next = System.nanoTime();

        Pacer(double rate) {
            this.intervalNanos = rate > 0 ? (long) (1e9 / rate) : 0;
        }

        void await() {
            if (intervalNanos == 0) {
                return;
            }
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            next = Math.max(next, System.nanoTime() - intervalNanos) + intervalNanos;
        }
    }

    /** The stderr progress line, rewritten in place at most about once a second. */
    private static final class Progress {
        private final PrintStream err;
        private final long start = System.nanoTime();
        private long lastPrint = start;
        private long rows;
        private long requests;
        private long failed;
        private String firstFailure;

        Progress(PrintStream err) {
            this.err = err;
        }

        void sent(String failure, int n) {
            requests++;
            rows += n;
            if (failure != null) {
                failed++;
                if (firstFailure == null) {
                    firstFailure = failure;
                }
            }
            long now = System.nanoTime();
            if (now - lastPrint >= 1_000_000_000L) {
                lastPrint = now;
                print("\r");
            }
        }

        void done() {
            print("\r");
            err.println();
            if (firstFailure != null) {
                err.println("first failure: " + firstFailure);
            }
        }

        private void print(String prefix) {
            double seconds = Math.max(1e-9, (System.nanoTime() - start) / 1e9);
            err.printf(Locale.ROOT, "%ssent %d rows in %d requests (%d failed), %.0f rows/s", prefix, rows, requests,
                    failed, rows / seconds);
        }
    }
}
