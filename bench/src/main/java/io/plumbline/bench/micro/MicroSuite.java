package io.plumbline.bench.micro;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
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
 * publication. The warm-up was 2 x 1 s for every benchmark until bench/run.sh ran within seconds of its 15
 * minutes (2026-12-04, 14 min 55 s). Most benchmarks here call a few small methods millions of times a
 * second and are compiled within the first warm-up second; {@link #SLOW_TO_WARM}, whose operations take
 * milliseconds, are not: with one warm-up second {@code DriftAnalyzeBenchmark} measured 8.9, 5.5, 3.7 and
 * 3.1 ms/op in its four iterations (against 2.5 when warm), so they get {@value #SLOW_TO_WARM_WARMUPS} x 1 s.
 * {@link #SLOW}, whose one operation takes 5-12 s, gets one warm-up and {@value #SLOW_MEASUREMENTS} measured
 * operations instead of seven iterations of that length; its score is the same ms/op.
 */
public final class MicroSuite {
    private static final int WARMUPS = 1;
    private static final int MEASUREMENTS = 4;
    private static final int MEASUREMENT_MS = 500;
    /** Benchmarks whose operations take milliseconds: the JIT has not finished with them after one second. */
    static final List<String> SLOW_TO_WARM = List.of("io.plumbline.bench.micro.DriftAnalyzeBenchmark.analyze",
            "io.plumbline.bench.micro.HtmlReportBenchmark.page");
    private static final int SLOW_TO_WARM_WARMUPS = 3;
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
        return String.format(Locale.ROOT, "1 fork, %d x 1 s warm-up (`%s`: %d x 1 s), %d x %.1f s measurement; `%s`: 1 "
                + "warm-up and %d measured operations", WARMUPS, String.join("`, `",
                        SLOW_TO_WARM.stream().map(MicroSuite::shortName).toList()), SLOW_TO_WARM_WARMUPS, MEASUREMENTS,
                MEASUREMENT_MS / 1000.0, shortName(SLOW), SLOW_MEASUREMENTS);
    }

    public static List<Score> run(String include, List<String> jvmArgs) throws RunnerException {
        List<Score> scores = new ArrayList<>();
        List<String> special = new ArrayList<>(SLOW_TO_WARM);
        special.add(SLOW);
        List<String> exact = special.stream().map(MicroSuite::exactly).toList();
        if (matches(List.of(include), exact)) {
            ChainedOptionsBuilder rest = options(include, jvmArgs);
            exact.forEach(rest::exclude);
            scores.addAll(run(rest));
        }
        // JMH includes a benchmark whose full name the regex finds.
        Pattern included = Pattern.compile(include);
        for (String name : SLOW_TO_WARM) {
            if (included.matcher(name).find()) {
                scores.addAll(run(options(exactly(name), jvmArgs).warmupIterations(SLOW_TO_WARM_WARMUPS)));
            }
        }
        if (included.matcher(SLOW).find()) {
            scores.addAll(run(options(exactly(SLOW), jvmArgs).warmupIterations(1)
                    .measurementIterations(SLOW_MEASUREMENTS)));
        }
        return scores;
    }

    private static String exactly(String benchmark) {
        return "^" + benchmark.replace(".", "\\.") + "$";
    }

    /** {@code Class.method} of a benchmark's full name. */
    private static String shortName(String benchmark) {
        return benchmark.substring(benchmark.lastIndexOf('.', benchmark.lastIndexOf('.') - 1) + 1);
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
            String shortName = shortName(name);
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
