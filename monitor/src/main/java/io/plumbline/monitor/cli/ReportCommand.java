package io.plumbline.monitor.cli;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.drift.Correction;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.drift.Method;
import io.plumbline.monitor.drift.PsiThreshold;
import io.plumbline.monitor.window.DriftWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code report --reference ref.csv --current cur.csv} (or {@code --profile p.json}): one window over
 * the whole current file, compared with the reference; prints a table or JSON, or writes an HTML page
 * ({@link HtmlOutput}), and exits 1 on drift, 3 when the report could not decide ({@link ReportGate}).
 * When the current data holds the model's outputs, and with {@code --labels COLUMN} (or the profile's label
 * column) its truth, the report adds the model's realised and estimated performance
 * ({@link PerformanceColumns}); performance does not change the exit code. With {@code --time-column C
 * [--window 1d]} it adds drift per feature per time window ({@link TimeSlices}); the exit code stays the
 * whole file's.
 */
final class ReportCommand {
    static final Set<String> OPTIONS = Set.of("reference", "profile", "current", "features", "categorical", "outputs",
            "format", "alpha", "min-count", "correction", "psi-threshold", "numeric-method", "categorical-method",
            "bins", "top-k", "exact-limit", "out", "labels", "time-column", "window");
    static final Set<String> FLAGS = Set.of("allow-incomplete");

    int run(List<String> args, PrintStream out, PrintStream err) throws UsageException, IOException {
        Arguments a = new Arguments("report", args, OPTIONS, FLAGS);
        if (a.has("reference") == a.has("profile")) {
            throw new UsageException("report: give exactly one of --reference (data file) and --profile (profile JSON)");
        }
        String format = a.text("format", "text");
        if (!format.equals("text") && !format.equals("json") && !format.equals("html")) {
            throw new UsageException("report: --format must be text, json or html, was '" + format + "'");
        }
        if (a.has("out") && !format.equals("html")) {
            throw new UsageException("report: --out is for --format html (text and json go to standard output)");
        }
        DriftSettings settings = settings(a);
        Tables tables = new Tables();
        ReferenceProfile profile;
        Set<String> referenceColumns;
        if (a.has("profile")) {
            ReferenceProfile stored = new ReferenceProfileCodec().read(a.path("profile"));
            referenceColumns = new LinkedHashSet<>(stored.featureNames());
            profile = select(stored, a);
        } else {
            try (TableReader reader = tables.open(a.path("reference"))) {
                referenceColumns = new LinkedHashSet<>(reader.header());
            }
            profile = ProfileCommand.build(a, a.path("reference"), err);
        }
        DriftWindow window = new DriftWindow(profile);
        List<String> currentHeader;
        try (TableReader reader = tables.open(a.path("current"))) {
            currentHeader = reader.header();
        }
        PerformanceColumns scored = PerformanceColumns.resolve(profile, window.performance(), currentHeader,
                a.text("labels", null));
        TimeSlices slices = TimeSlices.of(a, profile, currentHeader, a.path("current").getFileName().toString());
        CurrentData.Summary input = CurrentData.read(tables, a.path("current"), window, referenceColumns, scored, slices);
        DriftAnalyzer analyzer = new DriftAnalyzer(settings);
        DriftReport report = analyzer.analyze(window);
        TimeSlices.OverTime overTime = slices == null ? null : slices.analyze(analyzer);
        ReportGate.Outcome outcome = ReportGate.judge(report, input, settings.minCount(), a.has("allow-incomplete"));
        ReportWriter writer = new ReportWriter();
        if (format.equals("html")) {
            HtmlOutput.write(a, tables, profile, window, settings, writer.tree(report, window, input, outcome, scored, overTime),
                    report.driftedFeatures(), out);
            outcome.problems().forEach(p -> err.println("incomplete report: " + p));
        } else if (format.equals("json")) {
            writer.json(report, window, input, outcome, scored, overTime, out);
            outcome.problems().forEach(p -> err.println("incomplete report: " + p));
        } else {
            writer.text(report, window, input, outcome, scored, overTime, out);
        }
        return outcome.exitCode();
    }

    private static DriftSettings settings(Arguments a) throws UsageException {
        DriftSettings d = DriftSettings.defaults();
        double alpha = a.number("alpha", d.alpha());
        if (!(alpha > 0 && alpha < 1)) {
            throw new UsageException("report: --alpha must be between 0 and 1 (exclusive), was " + alpha);
        }
        DriftSettings s = d.withAlpha(alpha)
                .withMinCount(a.integer("min-count", (int) d.minCount()))
                .withCorrection(Correction.parse(a.text("correction", "bonferroni")))
                .withMethods(Method.fromLabel(a.text("numeric-method", d.numericMethod().label())),
                        Method.fromLabel(a.text("categorical-method", d.categoricalMethod().label())));
        String psi = a.text("psi-threshold", "auto");
        return psi.equals("auto") ? s : s.withPsi(PsiThreshold.fixed(a.number("psi-threshold", 0)));
    }

    /**
     * With --features, only those features of a stored profile (its label and calibration map kept);
     * unknown names are a usage error.
     */
    private static ReferenceProfile select(ReferenceProfile profile, Arguments a) throws UsageException {
        Set<String> names = a.names("features");
        if (names.isEmpty()) {
            return profile;
        }
        List<FeatureProfile> kept = new ArrayList<>();
        for (String name : names) {
            kept.add(profile.feature(name).orElseThrow(() -> new IllegalArgumentException("feature " + name
                    + " is not in the profile; it has " + profile.featureNames())));
        }
        return new ReferenceProfile(profile.rows(), kept).withLabel(profile.label(), profile.calibration());
    }
}
