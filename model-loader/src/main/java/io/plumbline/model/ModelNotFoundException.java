package io.plumbline.model;

/** A request named a model or version that is not serving. Maps to HTTP 404 / gRPC NOT_FOUND. */
public final class ModelNotFoundException extends RuntimeException {
    public ModelNotFoundException(String message) {
        super(message);
    }
}
