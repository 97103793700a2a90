/**
 * What a closed window is, the same in the Kafka Streams monitor and in the monitor embedded in serving:
 * the {@link io.plumbline.monitor.result.WindowResult} (a window's drift report and its bounds in time),
 * the tumbling {@link io.plumbline.monitor.result.WindowSpec}, the JSON form for the {@code plumbline.drift}
 * topic and the reports, and the latest window per model for the live page. What acts on a closed window
 * (gauges, alerts, webhooks) is in {@code driver}, above this package.
 */
package io.plumbline.monitor.result;
