/**
 * Streaming readers for tabular files (CSV with a header row, JSON lines) as rows of text cells, and the
 * rules for reading a cell as a number. Malformed rows are counted and skipped, never fatal.
 */
package io.plumbline.monitor.data;
