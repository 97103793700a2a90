/**
 * The Kafka Streams monitor: {@link io.plumbline.monitor.stream.MonitorTopology} builds the topology
 * (predictions to drift results) on a {@code StreamsBuilder} without starting anything, so tests drive
 * it with {@code TopologyTestDriver} and the app starts it with its own config. Profiles come from the
 * compacted profiles topic into a global store; window counts and alert state live in changelogged
 * stores, so a restarted or rebalanced instance continues where the last one committed.
 */
package io.plumbline.monitor.stream;
