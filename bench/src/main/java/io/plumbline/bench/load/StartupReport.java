package io.plumbline.bench.load;

import java.util.List;

/**
 * The start-up and footprint stage: the server started plain and from a class-data archive, in
 * interleaved rounds.
 *
 * @param runs every start, in the order run
 * @param trainingSeconds wall time of the training run that wrote the archive
 * @param archiveBytes the archive's size
 * @param plainCommand how the plain server was started
 * @param archiveCommand how the archived one was started
 * @param trainingCommand how the archive was made
 * @param idleSeconds how long after ready the RSS was read
 */
public record StartupReport(List<StartupRun> runs, double trainingSeconds, long archiveBytes, String plainCommand,
        String archiveCommand, String trainingCommand, int idleSeconds) {
    public static final String PLAIN = "plain `java -jar`";
    public static final String ARCHIVE = "class-data archive";

    public List<StartupRun> plain() {
        return runs.stream().filter(r -> r.variant().equals(PLAIN)).toList();
    }

    public List<StartupRun> archive() {
        return runs.stream().filter(r -> r.variant().equals(ARCHIVE)).toList();
    }
}
