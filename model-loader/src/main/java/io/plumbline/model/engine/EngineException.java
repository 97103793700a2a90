package io.plumbline.model.engine;

/** The engine failed while running a batch (maps to HTTP 500 / gRPC INTERNAL). */
public final class EngineException extends Exception {
    public EngineException(String message, Throwable cause) {
        super(message, cause);
    }
}
