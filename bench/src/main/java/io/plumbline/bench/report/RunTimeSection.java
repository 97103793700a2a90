package io.plumbline.bench.report;

import io.plumbline.bench.stage.StageTimes;
import java.time.Duration;

/** {@code RESULTS.md}'s "Run time": each stage's wall-clock time as this run measured it, and the total. */
final class RunTimeSection {
    /** The budget for the whole default run on this machine. */
    static final Duration BUDGET = Duration.ofMinutes(15);

    private final StageTimes times;

    RunTimeSection(StageTimes times) {
        this.times = times;
    }

    void markdown(StringBuilder md) {
        md.append("## Run time\n\n| stage | wall clock |\n|---|---:|\n");
        for (StageTimes.Entry e : times.entries()) {
            md.append("| ").append(e.stage()).append(" | ").append(StageTimes.format(e.elapsed())).append(" |\n");
        }
        Duration total = times.total();
        md.append("| **total** (start of the harness to writing this file; the Maven build before it not included) | **")
                .append(StageTimes.format(total)).append("** |\n\n")
                .append("Run time: ").append(StageTimes.format(total)).append("; the budget of the full default run (`bench/run.sh`, no options) "
                        + "is ").append(StageTimes.format(BUDGET))
                .append(total.compareTo(BUDGET) <= 0 ? ", this run is within it" : ", this run is **over** it")
                .append(".\n\n");
    }
}
