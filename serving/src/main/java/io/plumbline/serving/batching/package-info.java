/**
 * Dynamic batching, independent of HTTP and gRPC: a bounded queue per model version, workers that
 * gather queued requests into one engine call (up to a row budget and a queue delay), and exact
 * splitting of the results. Knows engines and tensors, nothing of the network.
 */
package io.plumbline.serving.batching;
