/**
 * The protocol-independent inference path: validate a request against the model signature, run
 * it on the engine off the event loop, record metrics, and report failures with one status model.
 */
package io.plumbline.serving.inference;
