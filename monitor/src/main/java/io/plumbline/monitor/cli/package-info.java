/**
 * The offline drift CLI ({@code plumbline-monitor.jar profile|report}): builds reference profiles and
 * reports drift of a batch file against one, without Kafka. Exit codes: 0 no drift, 1 drift, 2 usage or
 * input error (the message says what to do).
 */
package io.plumbline.monitor.cli;
