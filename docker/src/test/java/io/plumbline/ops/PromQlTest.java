package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PromQlTest {

    @Test
    void findsMetricsButNotFunctionsLabelsOrDurations() {
        assertEquals(Set.of("inference_requests_seconds_bucket"), PromQl.metricNames(
                "histogram_quantile(0.99, sum by (le, model) (rate(inference_requests_seconds_bucket{model=~\"$model\", le!=\"+Inf\"}[$__rate_interval])))"));
    }

    @Test
    void handlesBinaryOperatorsOffsetsAndSubqueries() {
        assertEquals(Set.of("a_total", "b_total", "c"), PromQl.metricNames(
                "(sum by (m) (increase(a_total[15m])) > 0) or (sum by (m) (a_total) unless sum by (m) (a_total offset 15m))"
                        + " and on (m) group_left (x) b_total / ignoring (y) deriv(max(c)[10m:1m]) > bool 1e3"));
    }

    @Test
    void aggregatorWithTrailingOrLeadingGroupingIsNotAMetric() {
        assertEquals(Set.of("x", "y"), PromQl.metricNames("sum without (a) (x) + count(y) by (b) + vector(0) + time()"));
    }

    @Test
    void stringsAndLabelValuesAreIgnored() {
        assertEquals(Set.of("drift_score"), PromQl.metricNames("drift_score{method=\"psi\", feature=~\"rate(x)|y\"} > 0.25"));
    }

    @Test
    void bareSelectorAndColonNames() {
        assertEquals(Set.of("job:requests:rate5m"), PromQl.metricNames("job:requests:rate5m"));
    }

    @Test
    void variableQueries() {
        assertEquals(Set.of("drift_score"),
                PromQl.variableQueryMetricNames("label_values(drift_score{model=~\"$model\"}, feature)"));
        assertEquals(Set.of(), PromQl.variableQueryMetricNames("label_values(model)"));
        assertEquals(Set.of("up"), PromQl.variableQueryMetricNames("query_result(count by (job) (up))"));
    }

    @Test
    void grafanaVariablesBecomeParseableValues() {
        assertEquals("rate(x{m=~\".*\", v=~\".*\"}[5m])",
                PromQl.withoutGrafanaVariables("rate(x{m=~\"$model\", v=~\"${version:regex}\"}[$__rate_interval])"));
    }

    @Test
    void grafanaVariablesBecomeTheirSelectedValues() {
        assertEquals("rate(x{m=~\"weather\", v=~\"1\", f=~\".*\"}[1m]) / y[1m]",
                PromQl.withGrafanaVariables("rate(x{m=~\"$model\", v=~\"${version:regex}\", f=~\"${feature}\"}[$__rate_interval]) / y[$__interval]",
                        Map.of("model", "weather", "version", "1", "feature", ".*"), "1m"));
        assertThrows(IllegalArgumentException.class,
                () -> PromQl.withGrafanaVariables("x{a=~\"$nope\"}", Map.of(), "1m"));
    }
}
