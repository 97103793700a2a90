/**
 * The serving process's life after start-up: the start-up summary, readiness as probes see it, and the
 * ordered shutdown on SIGTERM (readiness down, grace period, listeners closed and drained, models and
 * events closed, exit 0). See serving/SHUTDOWN.md.
 */
package io.plumbline.serving.lifecycle;
