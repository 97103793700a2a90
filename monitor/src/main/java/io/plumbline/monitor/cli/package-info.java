/**
 * The drift CLI ({@code plumbline-monitor.jar profile|report|replay|run}): builds reference profiles,
 * reports drift of a batch file against one without Kafka, replays a data file through serving's V2
 * REST API (optionally with injected drift), and starts the monitor service. Exit codes: 0 no drift, 1 drift, 2 usage or
 * input error (the message says what to do).
 */
package io.plumbline.monitor.cli;
