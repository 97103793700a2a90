package io.plumbline.reliability;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;

/** Renders rows as RESULTS.md: one table, a row per scenario, then the notes of each. */
final class ResultsTable {
    static final List<String> COLUMNS = List.of("scenario", "runs", "requests sent", "faults injected",
            "requests failed", "events produced", "events consumed", "events lost", "events duplicated",
            "windows expected", "windows counted", "webhooks expected", "webhooks received", "checks");

    private ResultsTable() {
    }

    static String render(List<ScenarioRow> rows, String command, String machine, String commit, Instant date) {
        StringBuilder md = new StringBuilder();
        md.append("# Reliability: figures under real faults\n\n");
        md.append("Written by the fault-injection suite (`reliability/`, see [README.md](README.md)); do not edit.\n\n");
        md.append("- date: ").append(date.truncatedTo(ChronoUnit.SECONDS)).append('\n');
        md.append("- machine: ").append(machine).append('\n');
        md.append("- command: `").append(command).append("`\n");
        md.append("- commit: ").append(commit).append("\n\n");
        md.append("| ").append(String.join(" | ", COLUMNS)).append(" |\n");
        md.append("|").append("---|".repeat(COLUMNS.size())).append('\n');
        for (ScenarioRow r : rows) {
            md.append("| ").append(String.join(" | ", List.of(r.scenario(), String.valueOf(r.runs()),
                    cell(r.requestsSent()), cell(r.faultsInjected()), cell(r.requestsFailed()),
                    cell(r.eventsProduced()), cell(r.eventsConsumed()), cell(r.eventsLost()),
                    cell(r.eventsDuplicated()), cell(r.windowsExpected()), cell(r.windowsCounted()),
                    cell(r.webhooksExpected()), cell(r.webhooksReceived()),
                    r.failure() == null ? "pass" : "**FAIL**"))).append(" |\n");
        }
        for (ScenarioRow r : rows) {
            if (r.notes().isEmpty() && r.failure() == null) {
                continue;
            }
            md.append("\n### ").append(r.scenario()).append("\n\n");
            if (r.failure() != null) {
                md.append("- **failed:** ").append(r.failure()).append('\n');
            }
            r.notes().forEach(n -> md.append("- ").append(n).append('\n'));
        }
        return md.toString();
    }

    private static String cell(Long value) {
        return value == null ? "n/a" : String.valueOf(value);
    }
}
