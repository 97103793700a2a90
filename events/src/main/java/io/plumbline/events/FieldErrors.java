package io.plumbline.events;

/**
 * The first refusal of each field of one JSON object, kept while the object is streamed and thrown
 * afterwards in the order the fields are checked. A streaming reader meets the fields in document order,
 * but the contract names the first defect in check order (model before inputs, shape before data), and a
 * syntax error anywhere in the document before either; so nothing is thrown until the object has been read.
 * The array is allocated on the first refusal: a valid event allocates none.
 */
final class FieldErrors {
    private final int fields;
    private EventFormatException[] first;

    /** @param fields how many field slots the object has, numbered 0 to {@code fields - 1} */
    FieldErrors(int fields) {
        this.fields = fields;
    }

    /** Keeps {@code e} unless the field already has a refusal (its first defect is the one reported). */
    void record(int field, EventFormatException e) {
        if (first == null) {
            first = new EventFormatException[fields];
        }
        if (first[field] == null) {
            first[field] = e;
        }
    }

    boolean has(int field) {
        return first != null && first[field] != null;
    }

    /** Throws the field's refusal, if it has one. */
    void throwIf(int field) {
        if (has(field)) {
            throw first[field];
        }
    }
}
