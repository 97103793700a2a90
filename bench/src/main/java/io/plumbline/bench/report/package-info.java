/** Turns measured numbers into {@code bench/RESULTS.md}: the machine, the ratios against their goals, the tables. */
package io.plumbline.bench.report;
