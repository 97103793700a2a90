package io.plumbline.bench.load;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Start-up and footprint: time from process start to {@code /v2/health/ready} answering 200 and the
 * idle resident set {@value #IDLE_SECONDS} s later, for the plain jar and for the jar started from a
 * class-data archive that a training run ({@code warm-up}, see the README's "Faster start-up") made
 * once in this run. The two variants alternate (plain, archive; archive, plain; ...), one server at a
 * time, so neither always starts on a warmer page cache.
 */
final class StartupStage {
    static final int ROUNDS = 3;
    static final int IDLE_SECONDS = 3;
    private static final long TRAINING_TIMEOUT_SECONDS = 300;

    private final Path jar;
    private final Path repository;
    private final Path workDir;
    private final List<String> jvm;
    private final PrintStream log;

    StartupStage(Path jar, Path repository, Path workDir, List<String> jvm, PrintStream log) {
        this.jar = jar;
        this.repository = repository;
        this.workDir = workDir;
        this.jvm = jvm;
        this.log = log;
    }

    StartupReport run() throws IOException, InterruptedException {
        Path archive = workDir.resolve("plumbline.jsa");
        Files.deleteIfExists(archive);
        List<String> training = new ArrayList<>(List.of(java()));
        training.addAll(jvm);
        training.addAll(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off",
                "-jar", jar.toString(), "warm-up"));
        log.println("training the class-data archive: " + String.join(" ", training));
        double trainingSeconds = train(training, archive);

        List<String> archived = new ArrayList<>(jvm);
        archived.add("-XX:SharedArchiveFile=" + archive);
        List<StartupRun> runs = new ArrayList<>();
        for (int round = 1; round <= ROUNDS; round++) {
            boolean plainFirst = round % 2 == 1;
            for (boolean plain : plainFirst ? new boolean[] {true, false} : new boolean[] {false, true}) {
                StartupRun r = start(plain ? StartupReport.PLAIN : StartupReport.ARCHIVE, plain ? jvm : archived);
                log.printf("  start-up %-20s round %d: ready after %6.0f ms, idle RSS %7.1f MiB%n", r.variant(), round,
                        r.readyMillis(), r.rssKib() / 1024.0);
                runs.add(r);
            }
        }
        return new StartupReport(List.copyOf(runs), trainingSeconds, Files.size(archive),
                "java " + String.join(" ", jvm) + " -jar " + jar, "java " + String.join(" ", archived) + " -jar " + jar,
                String.join(" ", training), IDLE_SECONDS);
    }

    private StartupRun start(String variant, List<String> jvmArgs) throws IOException, InterruptedException {
        // Events are off: start-up is measured, not the sink; the same for both variants.
        try (ServerProcess server = ServerProcess.start(jar, repository, workDir, jvmArgs,
                Map.of("PLUMBLINE_EVENTS_SINK", "none"), "startup.log")) {
            Thread.sleep(IDLE_SECONDS * 1000L);
            return new StartupRun(variant, server.readyMillis(), server.rssKib());
        }
    }

    private double train(List<String> cmd, Path archive) throws IOException, InterruptedException {
        Path out = workDir.resolve("warm-up.log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(out.toFile())
                .directory(workDir.toFile());
        pb.environment().put("PLUMBLINE_REGISTRY_URI", "file:" + repository);
        long t0 = System.nanoTime();
        Process p = pb.start();
        if (!p.waitFor(TRAINING_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("warm-up did not exit in " + TRAINING_TIMEOUT_SECONDS + " s; see " + out);
        }
        if (p.exitValue() != 0 || !Files.isRegularFile(archive)) {
            throw new IOException("warm-up exited with " + p.exitValue() + (Files.isRegularFile(archive) ? ""
                    : " and wrote no archive") + "; see " + out);
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
