/**
 * Plumbline's benchmarks (not shipped): {@link io.plumbline.bench.Main} runs the JMH suite and the
 * load harness and writes {@code bench/RESULTS.md}; the models both use are built by
 * {@link io.plumbline.bench.BenchModels}.
 */
package io.plumbline.bench;
