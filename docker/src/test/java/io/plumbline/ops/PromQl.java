package io.plumbline.ops;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Just enough PromQL to list the metric names an expression selects (promtool does the real
 * parsing). Also turns Grafana's template variables into something promtool can parse.
 */
final class PromQl {
    private static final Pattern STRING = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern GROUPING =
            Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern OFFSET = Pattern.compile("\\boffset\\s+-?[0-9a-zA-Z_$]+");
    private static final Pattern AT = Pattern.compile("@\\s*(start\\(\\)|end\\(\\)|[0-9.]+)");
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\s*\\((.*),\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*\\)\\s*$", Pattern.DOTALL);
    private static final Pattern TOKEN = Pattern.compile(
            "(?<num>0[xX][0-9a-fA-F]+|(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)"
                    + "|(?<var>\\$\\{[^}]*}|\\$[a-zA-Z_][a-zA-Z0-9_]*)"
                    + "|(?<id>[a-zA-Z_:][a-zA-Z0-9_:]*)"
                    + "|(?<other>\\S)");
    private static final Set<String> KEYWORDS = Set.of(
            "and", "or", "unless", "bool", "by", "without", "on", "ignoring", "group_left", "group_right",
            "offset", "inf", "nan", "atan2");
    private static final Set<String> AGGREGATORS = Set.of(
            "sum", "min", "max", "avg", "group", "stddev", "stdvar", "count", "count_values", "bottomk", "topk",
            "quantile", "limitk", "limit_ratio");
    private static final Pattern GRAFANA_INTERVAL = Pattern.compile("\\$__(rate_interval|interval|range)(_ms|_s)?\\b");
    private static final Pattern GRAFANA_VAR = Pattern.compile("\\$\\{[a-zA-Z_][a-zA-Z0-9_]*(:[a-z]+)?}|\\$[a-zA-Z_][a-zA-Z0-9_]*");

    private PromQl() {
    }

    /** Metric names selected by an expression (names of functions and label names are not metrics). */
    static Set<String> metricNames(String expr) {
        String s = STRING.matcher(expr).replaceAll("\"\"");
        s = stripBalanced(s, '{', '}');
        s = stripBalanced(s, '[', ']');
        s = GROUPING.matcher(s).replaceAll("$1");
        s = OFFSET.matcher(s).replaceAll(" ");
        s = AT.matcher(s).replaceAll(" ");
        Set<String> names = new TreeSet<>();
        Matcher m = TOKEN.matcher(s);
        String pendingId = null;
        while (m.find()) {
            String id = m.group("id");
            if (pendingId != null) {
                boolean call = "(".equals(m.group("other"))
                        || (AGGREGATORS.contains(pendingId) && ("by".equals(id) || "without".equals(id)));
                if (!call) {
                    names.add(pendingId);
                }
                pendingId = null;
            }
            if (id != null && !KEYWORDS.contains(id)) {
                pendingId = id;
            }
        }
        if (pendingId != null) {
            names.add(pendingId);
        }
        return names;
    }

    /** Metric names of a Grafana variable query: label_values(selector, label) or a PromQL query. */
    static Set<String> variableQueryMetricNames(String query) {
        Matcher lv = LABEL_VALUES.matcher(query);
        if (lv.matches()) {
            return metricNames(lv.group(1));
        }
        if (query.trim().matches("label_values\\s*\\(\\s*[a-zA-Z_][a-zA-Z0-9_]*\\s*\\)")) {
            return Set.of();
        }
        return metricNames(query.replaceFirst("^\\s*query_result\\s*\\((.*)\\)\\s*$", "$1"));
    }

    /** The selector of label_values(selector, label), or null for other variable queries. */
    static String labelValuesSelector(String query) {
        Matcher lv = LABEL_VALUES.matcher(query);
        return lv.matches() ? lv.group(1) : null;
    }

    /**
     * Grafana's variables replaced by values promtool parses: intervals by 5m, everything else
     * (only used inside regex matchers here) by ".*".
     */
    static String withoutGrafanaVariables(String expr) {
        String s = GRAFANA_INTERVAL.matcher(expr).replaceAll("5m");
        return GRAFANA_VAR.matcher(s).replaceAll(".*");
    }

    /**
     * Grafana's variables replaced by the given values, as Grafana would for one selection:
     * {@code $__rate_interval}, {@code $__interval} and {@code $__range} by {@code interval}, every
     * other {@code $name} or {@code ${name[:format]}} by {@code values.get(name)}.
     *
     * @throws IllegalArgumentException for a variable without a value
     */
    static String withGrafanaVariables(String expr, Map<String, String> values, String interval) {
        String s = GRAFANA_INTERVAL.matcher(expr).replaceAll(Matcher.quoteReplacement(interval));
        Matcher m = GRAFANA_VAR.matcher(s);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String name = m.group().replaceAll("^\\$\\{?|(:[a-z]+)?}$", "");
            String value = values.get(name);
            if (value == null) {
                throw new IllegalArgumentException("no value for Grafana variable $" + name + " in " + expr);
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String stripBalanced(String s, char open, char close) {
        StringBuilder out = new StringBuilder(s.length());
        int depth = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == open) {
                depth++;
            } else if (c == close && depth > 0) {
                depth--;
            } else if (depth == 0) {
                out.append(c);
            }
        }
        return out.toString();
    }
}
