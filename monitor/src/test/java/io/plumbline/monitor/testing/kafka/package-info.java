/**
 * Shared by the monitor service's tests: drift traffic as Kafka records, plain Kafka clients, and a
 * monitor service run as a child process.
 */
package io.plumbline.monitor.testing.kafka;
