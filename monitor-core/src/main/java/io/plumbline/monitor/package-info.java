/**
 * The drift monitor as a library ({@code monitor-core}), free of Kafka Streams and of any application,
 * so the Kafka Streams service ({@code monitor}: {@code stream}, {@code app}, {@code cli}), the monitor
 * embedded in serving and the offline CLI share it: {@code profile} builds reference profiles,
 * {@code observe} reads prediction events against them, {@code window} counts live values,
 * {@code drift} turns the two into statistics and verdicts, {@code driver} is the one loop that counts,
 * closes, analyses and publishes windows, {@code alert} decides when a verdict pages someone,
 * {@code result}, {@code metrics} and {@code webhook} carry a closed window out, {@code html} and
 * {@code page} draw it, {@code data} reads CSV and JSON-lines, and {@code config} holds the typed
 * configuration both hosts bind. Dependencies point downwards (no package cycles). See
 * {@code monitor/DRIFT.md} for the maths.
 */
package io.plumbline.monitor;
