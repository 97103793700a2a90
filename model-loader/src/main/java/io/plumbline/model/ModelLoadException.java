package io.plumbline.model;

/** A model version that cannot be loaded: bad files, checksum mismatch, engine refusal. */
public final class ModelLoadException extends Exception {
    private final boolean absent;

    public ModelLoadException(String message) {
        super(message);
        this.absent = false;
    }

    private ModelLoadException(String message, boolean absent) {
        super(message);
        this.absent = absent;
    }

    /**
     * The repository has no model of that name: what any caller can provoke with a made-up name, so
     * it is logged at DEBUG, and its message names no repository location.
     */
    public static ModelLoadException absent(String model) {
        return new ModelLoadException("model '" + model + "' is not in repository", true);
    }

    public boolean absent() {
        return absent;
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
        this.absent = false;
    }
}
