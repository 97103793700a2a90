package io.plumbline.model;

/**
 * A line of the repository index, as Triton reports it.
 *
 * @param state READY, LOADING, UNAVAILABLE or UNLOADED
 * @param reason why a version is UNAVAILABLE; empty otherwise
 */
public record VersionState(String model, long version, String state, String reason) {
    public static final String READY = "READY";
    public static final String LOADING = "LOADING";
    public static final String UNAVAILABLE = "UNAVAILABLE";
    public static final String UNLOADED = "UNLOADED";

    /** The version as the index shows it: empty for a line about the whole model (version 0). */
    public String versionLabel() {
        return version == 0 ? "" : Long.toString(version);
    }
}
