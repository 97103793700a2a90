/**
 * Tensors as the V2 protocol carries them: a datatype enum that knows its wire name and size, and
 * typed little-endian buffers, so no layer boxes numbers or loses INT64 precision.
 */
package io.plumbline.tensor;
