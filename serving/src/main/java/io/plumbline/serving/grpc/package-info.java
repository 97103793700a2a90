/**
 * The V2 protocol over gRPC ({@code inference.GRPCInferenceService}): the same resolution,
 * validation and batching path as REST, with typed contents and raw little-endian contents.
 */
package io.plumbline.serving.grpc;
