package io.plumbline.monitor.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.data.Tables;
import io.plumbline.monitor.drift.DriftSettings;
import io.plumbline.monitor.html.HtmlReport;
import io.plumbline.monitor.window.DriftWindow;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * {@code report --format html [--out report.html]}: the page from the JSON report's tree and the window,
 * written to the file (then one line on standard output says where and what was found) or, without
 * {@code --out}, to standard output.
 */
final class HtmlOutput {
    private HtmlOutput() {
    }

    static void write(Arguments a, Tables tables, ReferenceProfile profile, DriftWindow window, DriftSettings settings,
            JsonNode tree, List<String> drifted, PrintStream out) throws UsageException, IOException {
        Map<String, Map<String, Long>> unseen = UnseenCategories.collect(tables, a.path("current"), profile);
        String title = "Drift report: " + a.path("current").getFileName() + " against "
                + (a.has("profile") ? a.path("profile") : a.path("reference")).getFileName();
        String page = new HtmlReport().render(title, tree, window, settings.coarseBins(), unseen);
        if (!a.has("out")) {
            out.print(page);
            return;
        }
        Path file = a.path("out");
        byte[] bytes = page.getBytes(StandardCharsets.UTF_8);
        Files.write(file, bytes);
        out.println("wrote " + file + " (" + bytes.length + " bytes); "
                + (drifted.isEmpty() ? "no drift" : "drift in: " + String.join(", ", drifted)));
    }
}
