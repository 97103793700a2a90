/**
 * Shared by the monitor tests: seeded sample generators, plain Kafka clients and a topic reader,
 * test monitors and a webhook receiver.
 */
package io.plumbline.monitor.testing;
