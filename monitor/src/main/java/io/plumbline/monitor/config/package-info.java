/**
 * {@code plumbline.monitor.*} as typed Micronaut configuration records, and the factory that builds the
 * monitor core from them. Shared by the monitor app and by serving's embedded monitor, so the keys mean
 * the same in both modes; every key can be set by environment variable
 * ({@code PLUMBLINE_MONITOR_WINDOW_SIZE=4s}).
 */
package io.plumbline.monitor.config;
