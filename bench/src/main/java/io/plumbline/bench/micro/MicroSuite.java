package io.plumbline.bench.micro;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the JMH benchmarks of this package with short, fixed settings (one fork, 2 x 1 s warm-up,
 * 5 x 1 s measurement: enough for ratios on a noisy machine, not for publication) and returns
 * their scores.
 */
public final class MicroSuite {
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

    public static List<Score> run(String include, List<String> jvmArgs) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder()
                .include(include)
                .forks(1)
                .warmupIterations(2)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .jvmArgsAppend(jvmArgs.toArray(new String[0]));
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
