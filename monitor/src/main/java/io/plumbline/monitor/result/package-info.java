/**
 * What happens when a window closes, the same in the Kafka Streams monitor and in the monitor embedded
 * in serving: the {@link io.plumbline.monitor.result.WindowResult} (a window's drift report and its
 * bounds in time), its JSON form for the {@code plumbline.drift} topic, and the
 * {@link io.plumbline.monitor.result.WindowResultHandler} that updates gauges, asks the alert rule and
 * hands alerts to the webhook dispatcher.
 */
package io.plumbline.monitor.result;
