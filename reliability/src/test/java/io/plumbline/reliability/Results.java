package io.plumbline.reliability;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where scenario rows go: {@code target/reliability/<slug>.json}, one file per scenario, written whether
 * its checks pass or not (a failed row carries the failure, so the figures of a failing run are kept).
 */
final class Results {
    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The checks of a scenario: JUnit assertions over figures already measured. */
    interface Checks {
        void run() throws Exception;
    }

    private Results() {
    }

    /** Runs {@code checks}, records the row with their outcome, then rethrows a failure. */
    static void record(ScenarioRow.Builder row, Checks checks) throws Exception {
        Throwable failure = null;
        try {
            checks.run();
        } catch (AssertionError | Exception e) {
            failure = e;
        }
        write(row.build(failure == null ? null : String.valueOf(failure.getMessage()).lines().findFirst().orElse("")));
        if (failure instanceof Exception e) {
            throw e;
        }
        if (failure != null) {
            throw (AssertionError) failure;
        }
    }

    static void write(ScenarioRow row) {
        try {
            Files.createDirectories(Repo.output());
            JSON.writeValue(Repo.output().resolve(row.slug() + ".json").toFile(), row);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the row of " + row.scenario(), e);
        }
    }

    /** The rows of Maven run {@code run} in {@code dir}, in table order. */
    static List<ScenarioRow> read(Path dir, String run) {
        List<ScenarioRow> rows = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return rows;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                ScenarioRow row = JSON.readValue(f.toFile(), ScenarioRow.class);
                if (run.equals(row.run())) {
                    rows.add(row);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the rows in " + dir, e);
        }
        rows.sort(Comparator.comparingInt(ScenarioRow::order).thenComparing(ScenarioRow::scenario));
        return rows;
    }
}
