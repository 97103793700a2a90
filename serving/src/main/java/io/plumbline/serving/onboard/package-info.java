/**
 * {@code plumbline-serving.jar models add}: turns a model file and its reference data into a
 * repository entry that serves and is monitored (manifest with feature names, a version directory, a
 * reference profile of the data and of the model's own outputs on it, SHA256SUMS). Runs without the
 * Micronaut context; reuses the model loader (signature, engine, checksums) and the monitor's profiler.
 */
package io.plumbline.serving.onboard;
