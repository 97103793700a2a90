package io.plumbline.serving.onboard;

/**
 * Input that {@code models add} cannot use (missing file, a column the model has no place for, a tensor
 * it cannot feed): reported as one line and exit code 2, since the fix is in the command or the data.
 */
final class Refusal extends Exception {
    Refusal(String message) {
        super(message);
    }
}
