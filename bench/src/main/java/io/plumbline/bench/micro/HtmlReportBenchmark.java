package io.plumbline.bench.micro;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.html.HtmlReport;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.InputNotes;
import io.plumbline.monitor.result.PValueNote;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.NumericWindow;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Building the HTML drift report of {@code features} numeric features (1000 bins) over {@code rows}
 * current rows (issue 15: 100 features x 1M rows), the way {@code report --format html} does after
 * parsing: {@link #build} counts every value into a fresh {@link DriftWindow}, analyses it, builds the JSON
 * report's tree and renders the page; {@link #page} only analyses and renders an already counted window
 * (the part whose cost does not grow with rows). CSV parsing is left out: it is the file reader's cost,
 * not the report's. Values come from a pool of 2^20 N(0,1) draws, half the features shifted by 0.1, so
 * the pages hold drifted and stable features alike.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class HtmlReportBenchmark {
    @Param({"100"})
    public int features;

    @Param({"1000000"})
    public int rows;

    private static final int POOL = 1 << 20;
    private final DriftSettings settings = DriftSettings.defaults();
    private final DriftAnalyzer analyzer = new DriftAnalyzer(settings);
    private final DriftJson json = new DriftJson();
    private final HtmlReport html = new HtmlReport();
    private ReferenceProfile profile;
    private double[] pool;

    /** A counted window for {@link #page}, built once per trial and only for that benchmark. */
    @State(Scope.Thread)
    public static class Counted {
        DriftWindow window;

        @Setup
        public void setup(HtmlReportBenchmark bench) {
            window = bench.count();
        }
    }

    @Setup
    public void setup() {
        Random random = new Random(15);
        ProfileBuilder builder = new ProfileBuilder(ProfileOptions.defaults().withBins(1000));
        for (int f = 0; f < features; f++) {
            builder.numeric("f" + f, FeatureRole.INPUT);
        }
        int referenceRows = 20_000;
        for (int r = 0; r < referenceRows; r++) {
            for (int f = 0; f < features; f++) {
                builder.add("f" + f, random.nextGaussian());
            }
        }
        builder.addRows(referenceRows);
        profile = builder.build();
        pool = new double[POOL];
        for (int i = 0; i < POOL; i++) {
            pool[i] = random.nextGaussian();
        }
    }

    DriftWindow count() {
        DriftWindow window = new DriftWindow(profile);
        NumericWindow[] columns = new NumericWindow[features];
        for (int f = 0; f < features; f++) {
            columns[f] = window.numeric("f" + f);
        }
        for (int r = 0; r < rows; r++) {
            int base = r * 101;
            for (int f = 0; f < features; f++) {
                columns[f].add(pool[(base + f * 7919) & (POOL - 1)] + (f % 2 == 0 ? 0.1 : 0));
            }
        }
        window.addRows(rows);
        return window;
    }

    private String render(DriftWindow window) {
        DriftReport report = analyzer.analyze(window);
        ObjectNode tree = json.report(json.mapper().createObjectNode(), report, window, InputNotes.NONE, List.of(),
                PValueNote.of(report, "--correction none"), report.anyDrift() ? 1 : 0);
        return html.render("Drift report: benchmark", tree, window, settings.coarseBins(), Map.of());
    }

    /** Count, analyse, render: the whole report after parsing. */
    @Benchmark
    public String build() {
        return render(count());
    }

    /** Analyse and render a counted window: the page's own cost. */
    @Benchmark
    public String page(Counted counted) {
        return render(counted.window);
    }
}
