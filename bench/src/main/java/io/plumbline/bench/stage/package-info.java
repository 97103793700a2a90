/**
 * How long each stage of one bench run took (JMH, the main server's points, Kafka, tracing, start-up,
 * monitor), printed as each stage ends and written into {@code RESULTS.md}, so that the run's length
 * against its 15-minute budget is measured, not estimated.
 */
package io.plumbline.bench.stage;
