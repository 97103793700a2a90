/** The ONNX Runtime engine: sessions, session options, CUDA, and tensor conversion. */
package io.plumbline.model.onnx;
