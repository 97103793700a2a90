package io.plumbline.serving.v2;

import io.plumbline.serving.inference.InferenceException;
import java.util.Arrays;

/** The bytes after the JSON header of a binary-extension request, handed out in input order. */
final class BinarySection {
    private final byte[] body;
    private final int start;
    private int position;

    BinarySection(byte[] body, int start) {
        this.body = body;
        this.start = start;
        this.position = start;
    }

    byte[] take(String field, long size) {
        if (start == body.length) {
            throw InferenceException.invalid(field + " has binary_data_size but the request has no binary data "
                    + "(send the Inference-Header-Content-Length header with the JSON length)");
        }
        if (size > body.length - position) {
            throw InferenceException.invalid(field + ": binary_data_size " + size + " runs past the end of the body ("
                    + (body.length - position) + " bytes left)");
        }
        byte[] out = Arrays.copyOfRange(body, position, position + (int) size);
        position += (int) size;
        return out;
    }

    void requireConsumed() {
        if (position != body.length) {
            throw InferenceException.invalid("the binary part has " + (body.length - start) + " bytes but the inputs' "
                    + "binary_data_size values add up to " + (position - start));
        }
    }
}
