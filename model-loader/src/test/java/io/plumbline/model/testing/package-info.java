/**
 * Small hand-built ONNX models for tests and benchmarks ({@link io.plumbline.model.testing.TestModels})
 * and the protobuf plumbing they share ({@link io.plumbline.model.testing.OnnxGraphs}). Shipped in
 * model-loader's test-jar so serving's tests and benchmarks build the same models.
 */
package io.plumbline.model.testing;
