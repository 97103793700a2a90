package io.plumbline.bench.load;

/**
 * One start of the packaged server in the start-up stage.
 *
 * @param variant {@link StartupReport#PLAIN} or {@link StartupReport#ARCHIVE}
 * @param readyMillis process start to {@code /v2/health/ready} answering 200
 * @param rssKib idle resident set a few seconds after ready, KiB
 */
public record StartupRun(String variant, double readyMillis, long rssKib) {
}
