package io.plumbline.bench.report;

import io.plumbline.bench.load.KafkaReport;
import io.plumbline.bench.load.StartupReport;
import io.plumbline.bench.load.StartupRun;
import java.util.List;

/** The start-up and footprint stage in {@code RESULTS.md}: its ratio rows and its table. */
final class StartupSection {
    private final StartupReport s;

    StartupSection(StartupReport s) {
        this.s = s;
    }

    List<Ratio> ratios() {
        String rounds = "median of " + s.plain().size() + " interleaved starts each";
        // A start always yields a number (a failed one stops the run), so every round counts.
        RoundRatio time = RoundRatio.of(s.archive(), s.plain(), r -> true, StartupRun::readyMillis);
        RoundRatio rss = RoundRatio.of(s.archive(), s.plain(), r -> true, r -> (double) r.rssKib());
        return List.of(
                Ratio.info("Start-up, demo model: time to `/v2/health/ready` 200, plain `java -jar` (" + rounds + ")",
                        KafkaReport.median(s.plain(), StartupRun::readyMillis) / 1000, "s"),
                Ratio.info("Start-up, demo model: time to `/v2/health/ready` 200, from the class-data archive ("
                        + rounds + ")", KafkaReport.median(s.archive(), StartupRun::readyMillis) / 1000, "s"),
                Ratio.info("Start-up, demo model: time to ready, archive / plain (median of the per-round ratios)",
                        time),
                Ratio.info("Idle RSS " + s.idleSeconds() + " s after ready, plain `java -jar` (" + rounds + ")",
                        KafkaReport.median(s.plain(), StartupRun::rssKib) / 1024, "MiB"),
                Ratio.info("Idle RSS " + s.idleSeconds() + " s after ready, from the class-data archive (" + rounds
                        + ")", KafkaReport.median(s.archive(), StartupRun::rssKib) / 1024, "MiB"),
                Ratio.info("Idle RSS, archive / plain (median of the per-round ratios)", rss));
    }

    void markdown(StringBuilder md) {
        md.append("## Start-up and footprint (demo model)\n\n")
                .append("Time from starting the process to the first `GET /v2/health/ready` answering 200 (polled "
                        + "every 20 ms), and `VmRSS` from `/proc/PID/status` ").append(s.idleSeconds())
                .append(" s after ready with no request sent. One server at a time, the two variants alternating "
                        + "(plain first in odd rounds, archive first in even ones); event sink `none`.\n\n")
                .append("- Plain: `").append(s.plainCommand()).append("`\n")
                .append("- Archive: `").append(s.archiveCommand()).append("`\n")
                .append(String.format("- The archive was made once in this run (%.1f s, %.1f MiB) by `%s`%n%n",
                        s.trainingSeconds(), s.archiveBytes() / 1048576.0, s.trainingCommand()))
                .append("| round | variant | time to ready (ms) | idle RSS (MiB) |\n|---:|---|---:|---:|\n");
        int i = 0;
        for (StartupRun r : s.runs()) {
            md.append(String.format("| %d | %s | %.0f | %.1f |%n", i / 2 + 1, r.variant(), r.readyMillis(),
                    r.rssKib() / 1024.0));
            i++;
        }
        md.append("\n");
    }
}
