/**
 * The live drift page, {@code GET /drift}: the latest closed window of each (model, version), drawn by
 * the offline report's renderer ({@code io.plumbline.monitor.html}) from the window's own counts, and
 * refreshing itself in place ({@code live.js}). An application without a monitor of its own says where
 * drift is instead ({@link io.plumbline.monitor.page.DriftElsewhere}). One controller serves it in the monitor service and in serving (whose context
 * picks up this module's beans with the embedded monitor); both feed it through the shared
 * {@code WindowResultHandler}. Read-only.
 */
package io.plumbline.monitor.page;
