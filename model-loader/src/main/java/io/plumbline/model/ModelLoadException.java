package io.plumbline.model;

/** A model version that cannot be loaded: bad files, checksum mismatch, engine refusal. */
public final class ModelLoadException extends Exception {
    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
