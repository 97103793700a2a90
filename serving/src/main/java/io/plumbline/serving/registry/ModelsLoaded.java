package io.plumbline.serving.registry;

/**
 * Published once, when the first load of the repository has finished and the server meets its
 * readiness requirement or is allowed to start without it (the start-up summary listens).
 *
 * @param millis how long the first load took
 */
public record ModelsLoaded(long millis) {
}
