/**
 * {@code plumbline.monitor.*} as typed Micronaut configuration records, and the factory that builds the
 * monitor core from them. Shared by the monitor app and by serving's embedded monitor, so the keys mean
 * the same in both modes; every key can be set by environment variable
 * ({@code PLUMBLINE_MONITOR_WINDOW_SIZE=4s}).
 *
 * <p>Also the start-up checks both applications share (serving has this module on its class path):
 * {@link io.plumbline.monitor.config.ConfigCheck} holds every configuration record's values to their
 * types and ranges and warns about unknown {@code PLUMBLINE_*} variables;
 * {@link io.plumbline.monitor.config.ConfigValueException} is the one refusal, and
 * {@link io.plumbline.monitor.config.ConfigErrors} the launcher that reports it in one line.
 */
package io.plumbline.monitor.config;
