package io.plumbline.serving.inference;

import io.plumbline.tensor.Shape;

/**
 * What one inference request may ask of the server, checked by the decoders before the work
 * (or the allocation) the request claims is done. Each refusal names the limit's configuration
 * key, so a client knows what was too much and an operator what to raise.
 *
 * @param maxInputs input tensors per request
 * @param maxTensorElements elements per input tensor (the product of its shape)
 * @param maxRequestElements elements of all input tensors of a request together
 * @param maxRank dimensions per shape
 * @param maxBytesElementLength bytes per BYTES element (one string)
 * @param maxJsonDepth nesting depth of a request's JSON (objects and arrays)
 */
public record InputLimits(int maxInputs, long maxTensorElements, long maxRequestElements, int maxRank,
        int maxBytesElementLength, int maxJsonDepth) {
    public static final String PREFIX = "plumbline.limits";
    /** The documented defaults (application.yml, README), also used where no configuration exists (tests). */
    public static final InputLimits DEFAULT = new InputLimits(64, 4_194_304L, 8_388_608L, 16, 1_048_576, 32);

    public InputLimits {
        positive("max-inputs", maxInputs);
        positive("max-tensor-elements", maxTensorElements);
        positive("max-request-elements", maxRequestElements);
        positive("max-rank", maxRank);
        positive("max-bytes-element-length", maxBytesElementLength);
        positive("max-json-depth", maxJsonDepth);
    }

    private static void positive(String key, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(PREFIX + "." + key + " must be 1 or more, was " + value);
        }
    }

    /**
     * Every element takes at least one byte of the body (JSON or binary), so a shape claiming more
     * elements than the body has bytes is a malformed claim (400), refused before any limit or
     * buffer: {@code [1000000000, 4]} with four values costs this comparison.
     */
    public static void requireBodyCanHold(String field, long[] shape, long count, long bodyLength) {
        if (count > bodyLength) {
            throw InferenceException.invalid(field + ": shape " + Shape.format(shape) + " needs " + count
                    + " elements, more than the request's " + bodyLength + " bytes can hold");
        }
    }

    /** Called as each input is about to be read, so the count is refused at the first input over it. */
    public void checkInputCount(int inputs) {
        if (inputs > maxInputs) {
            throw tooMuch("request has more than " + maxInputs + " inputs", "max-inputs");
        }
    }

    public void checkRank(String field, int rank) {
        if (rank > maxRank) {
            throw InferenceException.invalid(field + ".shape has more than " + maxRank + " dimensions ("
                    + PREFIX + ".max-rank)");
        }
    }

    /**
     * @param elements the tensor's element count from its shape
     * @param before elements of the request's earlier inputs
     * @return the request's element count with this tensor
     */
    public long checkElements(String field, long elements, long before) {
        if (elements > maxTensorElements) {
            throw tooMuch(field + " has " + elements + " elements, more than " + maxTensorElements,
                    "max-tensor-elements");
        }
        long total = before + elements;
        if (total > maxRequestElements) {
            throw tooMuch("the request's inputs have " + total + " elements together, more than "
                    + maxRequestElements, "max-request-elements");
        }
        return total;
    }

    public void checkBytesElement(String field, long index, long length) {
        if (length > maxBytesElementLength) {
            throw tooMuch(field + " BYTES element " + index + " has " + length + " bytes, more than "
                    + maxBytesElementLength, "max-bytes-element-length");
        }
    }

    /** The message for a request nested deeper than {@link #maxJsonDepth}. */
    public String depthMessage() {
        return "request JSON is nested deeper than " + maxJsonDepth + " levels (" + PREFIX + ".max-json-depth)";
    }

    private static InferenceException tooMuch(String what, String key) {
        return new InferenceException(Status.PAYLOAD_TOO_LARGE, what + " (" + PREFIX + "." + key + ")");
    }
}
