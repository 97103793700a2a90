/**
 * The drift report as one self-contained HTML page (inline CSS, inline script, server-drawn SVG; no
 * network access needed to open it). Numbers come from the same per-feature JSON the {@code --format
 * json} report prints, so the page and the JSON cannot disagree; charts are drawn from the window's
 * counts on the bins the statistics used (PSI's coarse bins, the fine reference bins for the KS CDFs),
 * never from raw rows, which keeps a 100-feature report well under 2 MB. The summary, the table and
 * every chart are readable without JavaScript; the script only adds sorting and filtering. With time
 * windows ({@code report --time-column}) each feature also shows its drift per window
 * ({@code DriftOverTime}), read from the JSON's {@code windows} like every other number.
 */
package io.plumbline.monitor.html;
