/**
 * Issue 6's monitor throughput: the monitor topology against a plain Kafka consumer on the same broker,
 * topic and run ({@link io.plumbline.bench.monitor.MonitorThroughput}, run by the harness or on its own).
 */
package io.plumbline.bench.monitor;
