/**
 * The KServe Open Inference Protocol (V2) REST wire format: a streaming JSON codec that decodes
 * tensor data straight into typed little-endian buffers and encodes outputs without boxing.
 */
package io.plumbline.serving.v2;
