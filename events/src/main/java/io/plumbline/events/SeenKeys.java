package io.plumbline.events;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import java.util.HashSet;
import java.util.Set;

/**
 * The keys met so far in one JSON object, to refuse a repeated one as Jackson's
 * {@code STRICT_DUPLICATE_DETECTION} does (same exception, same message, at the same token). Jackson's
 * check puts every key of every object into a {@code HashSet}: a fifth of the decoder's time on a
 * 10-feature event. The keys a reader knows are bits of an int; only other keys go into a set.
 */
final class SeenKeys {
    private int known;
    private Set<String> others;

    /**
     * @param slot the key's bit, 0 to 31, for a key the reader knows; -1 for any other
     * @throws JsonParseException when the object already had {@code key}
     */
    void add(JsonParser p, String key, int slot) throws JsonParseException {
        if (slot >= 0) {
            if ((known & (1 << slot)) != 0) {
                throw duplicate(p, key);
            }
            known |= 1 << slot;
        } else {
            if (others == null) {
                others = new HashSet<>();
            }
            if (!others.add(key)) {
                throw duplicate(p, key);
            }
        }
    }

    /** The refusal Jackson's duplicate detection raises. */
    static JsonParseException duplicate(JsonParser p, String key) {
        return new JsonParseException(p, "Duplicate field '" + key + "'");
    }
}
