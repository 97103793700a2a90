package io.plumbline.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestPlan;

/**
 * After the scenarios of a run (registered in {@code META-INF/services}): in the long form, writes
 * {@code reliability/RESULTS.md} from the rows this Maven run recorded. The short form writes nothing
 * there (its rows stay in {@code target/reliability/}), so {@code ./mvnw verify} never changes a tracked file.
 */
public final class ResultsListener implements TestExecutionListener {
    static final String FILE = "reliability/RESULTS.md";

    @Override
    public void testPlanExecutionFinished(TestPlan testPlan) {
        if (Form.current() != Form.LONG) {
            return;
        }
        List<ScenarioRow> rows = Results.read(Repo.output(), System.getProperty("reliability.run", "manual"));
        if (rows.isEmpty()) {
            return;
        }
        String md = ResultsTable.render(rows, System.getProperty("reliability.command", "reliability/run.sh"),
                Machine.describe(), Machine.commit(), Instant.now());
        Path file = Repo.path(FILE);
        try {
            Files.writeString(file, md, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        System.out.println("wrote " + file + " (" + rows.size() + " scenarios)");
    }
}
