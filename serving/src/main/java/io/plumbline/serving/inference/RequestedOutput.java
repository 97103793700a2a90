package io.plumbline.serving.inference;

/**
 * An output a request asks for.
 *
 * @param binary true when the client wants it in the binary tensor extension
 */
public record RequestedOutput(String name, boolean binary) {
}
