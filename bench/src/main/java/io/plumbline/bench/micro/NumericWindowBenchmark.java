package io.plumbline.bench.micro;

import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.window.NumericWindow;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@link NumericWindow#add(double)} values per second on one thread (issue 5: at least 20 M/s/core),
 * over a profile of {@code bins} equal-mass bins built from 100,000 N(0,1) values. The values added
 * are N(0.2, 1.1^2), so some land in the guard bins; a 4,096-value array cycles so the branch
 * predictor cannot learn the bins.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class NumericWindowBenchmark {
    static final int VALUES = 4096;

    @Param({"1000"})
    public int bins;

    private NumericWindow window;
    private final double[] values = new double[VALUES];

    @Setup
    public void setup() {
        Random random = new Random(5);
        double[] reference = new double[100_000];
        for (int i = 0; i < reference.length; i++) {
            reference[i] = random.nextGaussian();
        }
        var profile = ProfileBuilder.ofValues("x", reference, ProfileOptions.defaults().withBins(bins));
        window = new NumericWindow("x", profile.features().get(0).numeric());
        for (int i = 0; i < VALUES; i++) {
            values[i] = 0.2 + 1.1 * random.nextGaussian();
        }
    }

    @Benchmark
    @OperationsPerInvocation(VALUES)
    public long add() {
        NumericWindow w = window;
        for (double v : values) {
            w.add(v);
        }
        return w.count();
    }
}
