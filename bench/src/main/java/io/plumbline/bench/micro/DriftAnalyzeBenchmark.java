package io.plumbline.bench.micro;

import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.drift.DriftAnalyzer;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.window.DriftWindow;
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
 * {@link DriftAnalyzer#analyze(DriftWindow)} for {@code features} numeric features of {@code bins}
 * bins each (issue 5: 100 features of 1000 bins in at most 5 ms): KS, PSI and Wasserstein per
 * feature plus the correction across features. Reference: 20,000 N(0,1) rows; window: 5,000 rows,
 * half the features shifted by 0.1.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class DriftAnalyzeBenchmark {
    @Param({"100"})
    public int features;

    @Param({"1000"})
    public int bins;

    private final DriftAnalyzer analyzer = new DriftAnalyzer(DriftSettings.defaults());
    private DriftWindow window;

    @Setup
    public void setup() {
        Random random = new Random(6);
        ProfileBuilder builder = new ProfileBuilder(ProfileOptions.defaults().withBins(bins));
        for (int f = 0; f < features; f++) {
            builder.numeric("f" + f, FeatureRole.INPUT);
        }
        int rows = 20_000;
        for (int r = 0; r < rows; r++) {
            for (int f = 0; f < features; f++) {
                builder.add("f" + f, random.nextGaussian());
            }
        }
        builder.addRows(rows);
        ReferenceProfile profile = builder.build();
        window = new DriftWindow(profile);
        int current = 5_000;
        for (int r = 0; r < current; r++) {
            for (int f = 0; f < features; f++) {
                window.numeric("f" + f).add(random.nextGaussian() + (f % 2 == 0 ? 0.1 : 0));
            }
        }
        window.addRows(current);
    }

    @Benchmark
    public DriftReport analyze() {
        return analyzer.analyze(window);
    }
}
