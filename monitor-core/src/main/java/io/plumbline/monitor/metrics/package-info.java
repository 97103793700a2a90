/**
 * Micrometer meters of the monitor, created once per key and shared by both modes: drift gauges per
 * (model, version, feature, method), window gauges per (model, version), and the counter of events by
 * outcome. Tag values come from profiles and the catalog, never from raw event content that was not
 * matched to a known model.
 */
package io.plumbline.monitor.metrics;
