/**
 * Loading the catalog at start-up (and failing the start when required models are missing), what
 * readiness requires of the loaded models, and the model gauges.
 */
package io.plumbline.serving.registry;
