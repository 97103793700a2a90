/**
 * JMH benchmarks of the hot structures: the V2 codec (JSON and binary), the dynamic batcher,
 * in-process ONNX Runtime {@code run}, and the drift window and analyzer. Inputs are built in
 * {@code @Setup}; sizes are {@code @Param}s.
 */
package io.plumbline.bench.micro;
