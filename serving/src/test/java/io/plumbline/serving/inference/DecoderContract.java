package io.plumbline.serving.inference;

import java.lang.management.ManagementFactory;

/**
 * What every request decoder promises for any input, checked by the fuzz tests: it returns a result
 * or throws an {@link InferenceException} with a client-error status, never another exception; and it
 * allocates no more than a small multiple of the bytes it was given, so no claim inside a body makes
 * the server allocate what the body does not carry.
 */
public final class DecoderContract {
    /** Bytes allocated per byte of input; generous: boxed JSON tokens and per-element arrays cost about 12. */
    static final long BYTES_PER_INPUT_BYTE = 64;
    /** Fixed costs: parser buffers, the first element chunk of each tensor, exception messages. */
    static final long OVERHEAD = 4L * 1024 * 1024;

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    private DecoderContract() {
    }

    public static void holds(long inputBytes, Runnable decode) {
        // Decoding is deterministic: the first run pays for class loading and initialisation, so
        // allocation is measured on the second.
        decodeChecked(decode);
        long before = THREADS.getCurrentThreadAllocatedBytes();
        decodeChecked(decode);
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        if (allocated > BYTES_PER_INPUT_BYTE * inputBytes + OVERHEAD) {
            throw new AssertionError("decoding " + inputBytes + " bytes allocated " + allocated + " bytes");
        }
    }

    private static void decodeChecked(Runnable decode) {
        try {
            decode.run();
        } catch (InferenceException e) {
            if (e.status() != Status.INVALID_ARGUMENT && e.status() != Status.PAYLOAD_TOO_LARGE) {
                throw new AssertionError("a decoder answered " + e.status() + ", not a client error: " + e.getMessage(), e);
            }
            if (e.getMessage().length() > InferenceException.MAX_MESSAGE + 1) {
                throw new AssertionError("message of " + e.getMessage().length() + " characters", e);
            }
        }
    }
}
