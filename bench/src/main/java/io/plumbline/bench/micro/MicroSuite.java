package io.plumbline.bench.micro;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.BenchmarkList;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.format.OutputFormatFactory;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

/**
 * Runs the JMH benchmarks of this package with short, fixed settings and returns their scores: one fork,
 * {@value #WARMUPS} x 1 s warm-up, {@value #MEASUREMENTS} x {@value #MEASUREMENT_MS} ms measurement (was 5 x
 * 1 s: fewer samples, wider error bars, the same mean), enough for ratios on a noisy machine, not for
 * publication. The warm-up was 2 x 1 s until bench/run.sh ran within seconds of its 15 minutes
 * (2026-12-04, 14 min 55 s): every benchmark here calls the same few methods millions of times a second
 * (the slowest, {@code DriftAnalyzeBenchmark}, some 400 times in its warm-up second), and the second warm-up
 * second cost a second per fork. {@link #SLOW}, whose one operation takes 5-12 s, gets one warm-up and
 * {@value #SLOW_MEASUREMENTS} measured operations instead of seven iterations of that length; its score is
 * the same ms/op.
 */
public final class MicroSuite {
    private static final int WARMUPS = 1;
    private static final int MEASUREMENTS = 4;
    private static final int MEASUREMENT_MS = 500;
    /** Benchmarks whose single operation outlasts any iteration time. */
    static final String SLOW = "io.plumbline.bench.micro.HtmlReportBenchmark.build";
    private static final int SLOW_MEASUREMENTS = 3;

    /**
     * @param benchmark the method, e.g. {@code OnnxRunBenchmark.run}
     * @param params the {@code @Param} values
     * @param score in {@code unit}; ops/s for throughput, ms/op for average time
     * @param error the 99.9% confidence half-width JMH reports
     */
    public record Score(String benchmark, Map<String, String> params, double score, double error, String unit) {
        public String param(String name) {
            return params.get(name);
        }
    }

    private MicroSuite() {
    }

    /** The settings above, as RESULTS.md's micro-benchmark heading states them. */
    public static String settings() {
        return String.format(java.util.Locale.ROOT, "1 fork, %d x 1 s warm-up, %d x %.1f s measurement; `%s`: 1 warm-up "
                + "and %d measured operations", WARMUPS, MEASUREMENTS, MEASUREMENT_MS / 1000.0,
                SLOW.substring(SLOW.lastIndexOf('.', SLOW.lastIndexOf('.') - 1) + 1), SLOW_MEASUREMENTS);
    }

    public static List<Score> run(String include, List<String> jvmArgs) throws RunnerException {
        List<Score> scores = new ArrayList<>();
        String slow = "^" + SLOW.replace(".", "\\.") + "$";
        if (matches(List.of(include), List.of(slow))) {
            scores.addAll(run(options(include, jvmArgs).exclude(slow)));
        }
        // JMH includes a benchmark whose full name the regex finds.
        if (Pattern.compile(include).matcher(SLOW).find()) {
            scores.addAll(run(options(slow, jvmArgs).warmupIterations(1).measurementIterations(SLOW_MEASUREMENTS)));
        }
        return scores;
    }

    private static ChainedOptionsBuilder options(String include, List<String> jvmArgs) {
        return new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(WARMUPS)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(MEASUREMENTS)
                .measurementTime(TimeValue.milliseconds(MEASUREMENT_MS))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]));
    }

    /** Whether any compiled-in benchmark matches {@code includes} and none of {@code excludes}, as the runner decides. */
    private static boolean matches(List<String> includes, List<String> excludes) {
        var silent = OutputFormatFactory.createFormatInstance(new PrintStream(OutputStream.nullOutputStream()),
                VerboseMode.SILENT);
        return !BenchmarkList.defaultList().find(silent, includes, excludes).isEmpty();
    }

    private static List<Score> run(ChainedOptionsBuilder options) throws RunnerException {
        Collection<RunResult> results = new Runner(options.build()).run();
        List<Score> scores = new ArrayList<>();
        for (RunResult r : results) {
            var params = r.getParams();
            String name = params.getBenchmark();
            String shortName = name.substring(name.lastIndexOf('.', name.lastIndexOf('.') - 1) + 1);
            Map<String, String> values = new java.util.LinkedHashMap<>();
            for (String key : params.getParamsKeys()) {
                values.put(key, params.getParam(key));
            }
            var primary = r.getPrimaryResult();
            scores.add(new Score(shortName, values, primary.getScore(), primary.getScoreError(),
                    primary.getScoreUnit()));
        }
        return scores;
    }
}
