package io.plumbline.model;

/** A model, version or alias name that may not be used. Maps to HTTP 400. */
public final class InvalidNameException extends IllegalArgumentException {
    public InvalidNameException(String message) {
        super(message);
    }
}
