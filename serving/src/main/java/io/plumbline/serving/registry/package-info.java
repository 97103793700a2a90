/** Loading the catalog at start-up, readiness, and the model gauges. */
package io.plumbline.serving.registry;
