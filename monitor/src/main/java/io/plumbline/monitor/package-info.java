/**
 * The drift monitor's core, free of Kafka and Micronaut so the streaming monitor, the monitor embedded
 * in serving and the offline CLI share it: {@code profile} builds reference profiles, {@code window}
 * counts live values against them, {@code drift} turns the two into statistics and verdicts,
 * {@code alert} decides when a verdict pages someone, {@code data} reads CSV and JSON-lines, and
 * {@code cli} is the offline report. See {@code monitor/DRIFT.md} for the maths.
 */
package io.plumbline.monitor;
