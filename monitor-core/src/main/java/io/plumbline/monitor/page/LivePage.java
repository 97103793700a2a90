package io.plumbline.monitor.page;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.drift.DriftReport;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.html.Html;
import io.plumbline.monitor.html.HtmlReport;
import io.plumbline.monitor.result.DriftJson;
import io.plumbline.monitor.result.InputNotes;
import io.plumbline.monitor.result.PValueNote;
import io.plumbline.monitor.result.WindowResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The live page of one kept window: the offline report's page for the window (its JSON tree built
 * here, with the monitor's settings where the CLI would name its flags), and above the summary a table
 * of every (model, version) with a closed window, linking to each. A live window has no exit code; its
 * unseen categories are named from the window's sketch (the JSON's {@code quality.topUnseen}), and a
 * model with profiled outputs gets the Model quality section from the window's performance (the
 * {@code model_performance} gauges' values). The page refreshes itself with a small script
 * ({@code live.js}) that swaps in the new content and keeps expanded features open; without JavaScript a
 * {@code <noscript>} meta refresh reloads it. Thread-safe.
 */
final class LivePage {
    private static final String LIVE_SCRIPT = script();
    private final HtmlReport renderer = new HtmlReport();
    private final DriftJson json = new DriftJson();
    private final DriftSettings settings;
    private final String windowSize;
    private final long refreshSeconds;

    LivePage(DriftSettings settings, Duration windowSize) {
        this.settings = settings;
        this.windowSize = text(windowSize);
        // Windows close once per window size: reloading more often than that (or than every 5 s) shows
        // nothing new, and more rarely than a minute leaves the page stale for long.
        this.refreshSeconds = Math.max(5, Math.min(60, windowSize.toSeconds()));
    }

    String render(WindowResult shown, List<WindowResult> all) {
        String title = "Live drift: " + shown.model() + " version " + shown.version();
        return renderer.render(title, refreshTag(), navigation(shown, all), tree(shown), shown.counts(),
                settings.coarseBins(), Map.of());
    }

    /** The page before any window has closed (or for a version without one): says so, and reloads. */
    String empty(String message) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">" + refreshTag()
                + "<title>Live drift</title></head>\n<body>\n<h1>Live drift</h1>\n<p id=\"empty\">"
                + Html.text(message) + "</p>\n<p>Windows are " + windowSize + " long; this page reloads every "
                + refreshSeconds + " s.</p>\n</body></html>\n";
    }

    /**
     * The page of a process that runs no monitor, saying where drift is computed instead: no reload (nothing
     * here will change) and no window size (this process has no windows).
     */
    static String elsewhere(String message) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Live drift</title></head>\n"
                + "<body>\n<h1>Live drift</h1>\n<p id=\"empty\">" + Html.text(message) + "</p>\n</body></html>\n";
    }

    /** The refresh period for the script, its meta refresh fallback without JavaScript, and the script. */
    private String refreshTag() {
        return "<meta name=\"plumbline-refresh\" content=\"" + refreshSeconds + "\"><noscript><meta http-equiv=\"refresh\""
                + " content=\"" + refreshSeconds + "\"></noscript><script>" + LIVE_SCRIPT + "</script>";
    }

    /** The JSON report's fields for a live window: what {@code report --format json} has, minus the CLI's. */
    ObjectNode tree(WindowResult r) {
        DriftReport report = r.report();
        ObjectNode root = json.mapper().createObjectNode();
        root.put("model", r.model());
        root.put("version", r.version());
        root.set("window", json.window(r));
        List<String> problems = report.noVerdict()
                ? List.of("no feature reached a verdict: each needs at least " + settings.minCount()
                        + " values in the window (plumbline.monitor.window.min-count), and the window has "
                        + report.rows() + " events")
                : List.of();
        json.report(root, report, r.counts(), InputNotes.NONE, problems,
                PValueNote.of(report, "plumbline.monitor.thresholds.correction: none"), null);
        ReferenceProfile profile = r.counts().profile();
        if (profile.label() != null || profile.features().stream().anyMatch(f -> f.role() == FeatureRole.OUTPUT)) {
            json.performance(root.putObject("performance"), r.counts().performance());
        }
        json.trace(root, r.counts());
        return root;
    }

    private String navigation(WindowResult shown, List<WindowResult> all) {
        StringBuilder b = new StringBuilder("<nav id=\"windows\" aria-labelledby=\"windows-h\">")
                .append("<h2 id=\"windows-h\">Latest closed windows</h2>\n<p>This page refreshes every ")
                .append(refreshSeconds).append(" s; windows are ").append(windowSize).append(" long.</p>\n")
                .append("<table><thead><tr><th scope=\"col\">model</th><th scope=\"col\">version</th>")
                .append("<th scope=\"col\">window start</th><th scope=\"col\">window end</th>")
                .append("<th scope=\"col\">events</th><th scope=\"col\">drifted features</th>")
                .append("<th scope=\"col\">example trace id</th></tr></thead><tbody>");
        for (WindowResult r : all) {
            boolean current = r.model().equals(shown.model()) && r.version().equals(shown.version());
            String href = "/drift/" + path(r.model()) + "/" + path(r.version());
            List<String> drifted = r.report().driftedFeatures();
            b.append("<tr data-model=\"").append(Html.text(r.model())).append("\" data-version=\"")
                    .append(Html.text(r.version())).append("\"><td><a href=\"").append(Html.text(href)).append('"')
                    .append(current ? " aria-current=\"page\"" : "").append('>').append(Html.text(r.model()))
                    .append("</a></td><td>").append(Html.text(r.version())).append("</td><td>").append(r.start())
                    .append("</td><td data-field=\"end\">").append(r.end()).append("</td><td data-field=\"events\">")
                    .append(r.report().rows()).append("</td><td>")
                    .append(drifted.isEmpty() ? "none" : Html.text(String.join(", ", drifted)))
                    .append("</td><td data-field=\"trace\">").append(r.counts().trace().isEmpty() ? "none"
                            : r.counts().trace().example().traceId()).append("</td></tr>");
        }
        return b.append("</tbody></table></nav>\n").toString();
    }

    /** 1h, 5m, 90s: how the configuration spells it, not ISO-8601's PT1M. */
    private static String text(Duration d) {
        long s = d.toSeconds();
        return s > 0 && s % 3600 == 0 ? s / 3600 + "h" : s > 0 && s % 60 == 0 ? s / 60 + "m" : s > 0 ? s + "s"
                : d.toMillis() + "ms";
    }

    private static String path(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String script() {
        try (InputStream in = LivePage.class.getResourceAsStream("live.js")) {
            if (in == null) {
                throw new IllegalStateException("resource live.js is missing from the jar");
            }
            // Inside a <script> element: nothing in it may close the element early.
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("</", "<\\/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
