package io.plumbline.reliability;

/**
 * Short (every {@code ./mvnw verify}: a few faults, a few minutes for the whole module) or long
 * ({@code -Dreliability.long=true}, {@code reliability/run.sh}: more faults over a longer stream, and
 * {@code RESULTS.md} written). Scenarios take their sizes from here, so both forms run the same code.
 */
enum Form {
    SHORT, LONG;

    static final String PROPERTY = "reliability.long";

    static Form current() {
        return Boolean.getBoolean(PROPERTY) ? LONG : SHORT;
    }

    /** {@code shortValue} in the short form, {@code longValue} in the long one. */
    int pick(int shortValue, int longValue) {
        return this == LONG ? longValue : shortValue;
    }
}
