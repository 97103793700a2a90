/**
 * The one window driver: count each prediction event into its (model, version, window), close windows
 * when time passes their end, analyse them and publish the result ({@link io.plumbline.monitor.driver.WindowDriver}),
 * with one profile cache. The Kafka Streams processor drives it with event time and a changelogged
 * {@link io.plumbline.monitor.driver.WindowStorage}; the monitor embedded in serving drives it with the
 * clock and keeps windows in memory only. {@link io.plumbline.monitor.driver.WindowResultHandler} acts on
 * each closed window (gauges, latest window, alert rule, webhooks).
 */
package io.plumbline.monitor.driver;
