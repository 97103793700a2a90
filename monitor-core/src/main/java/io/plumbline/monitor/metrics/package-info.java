/**
 * Micrometer meters of the monitor, created once per key and shared by both modes: drift gauges per
 * (model, version, feature, role, method), data-quality gauges per (model, version, feature, role[, kind]),
 * window gauges per (model, version), and the counter of events by outcome. Tag values come from profiles
 * and the catalog, never from raw event content (unseen category names go to the drift record, never to a
 * tag).
 */
package io.plumbline.monitor.metrics;
