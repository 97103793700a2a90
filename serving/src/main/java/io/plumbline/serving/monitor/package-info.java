/**
 * The embedded drift monitor: when the events sink is {@code embedded} (the default), the monitor
 * runs inside serving on the same window, statistics, alert and webhook code as the Kafka Streams
 * monitor, with its gauges on serving's own {@code /prometheus}. Windows here are processing-time
 * tumbling windows cut by an injected clock (an event belongs to the window open when the monitor
 * counts it, which is milliseconds after the prediction); {@code plumbline.monitor.window.grace} only
 * matters to the Kafka monitor, where events can arrive late and out of order.
 */
package io.plumbline.serving.monitor;
