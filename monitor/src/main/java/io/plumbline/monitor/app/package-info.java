/**
 * The {@code plumbline-monitor.jar run} service: Micronaut for configuration, {@code /prometheus} and
 * {@code /health} (which follows the Kafka Streams state), starting and stopping the Kafka Streams
 * monitor built by {@link io.plumbline.monitor.stream.MonitorTopology}. Its beans only exist when
 * {@code plumbline.monitor.kafka.bootstrap-servers} is set, so serving (which has this module on its
 * classpath for the embedded monitor) never starts a Streams client by accident.
 */
package io.plumbline.monitor.app;
