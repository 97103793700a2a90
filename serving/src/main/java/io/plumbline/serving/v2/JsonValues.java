package io.plumbline.serving.v2;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.Quoted;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads free-form JSON values ({@code parameters}) into plain Java: objects to maps, arrays to
 * lists, integers to Long, other numbers to Double; null is refused. Bounded in size, since they
 * are passed on.
 */
final class JsonValues {
    private static final int MAX_ENTRIES = 256;

    private JsonValues() {
    }

    static Map<String, Object> object(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw InferenceException.invalid(field + " must be a JSON object");
        }
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            p.nextToken();
            out.put(key, value(p, field + "." + Quoted.of(key), 1));
            if (out.size() > MAX_ENTRIES) {
                throw InferenceException.invalid(field + " has more than " + MAX_ENTRIES + " entries");
            }
        }
        return out;
    }

    private static Object value(JsonParser p, String field, int depth) throws IOException {
        if (depth > 8) {
            throw InferenceException.invalid(field + " is nested too deeply");
        }
        JsonToken t = p.currentToken();
        switch (t) {
            case VALUE_STRING:
                return p.getText();
            case VALUE_NUMBER_INT:
                // Not a ternary: it would promote the long to double.
                if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                    return p.getDoubleValue();
                }
                return p.getLongValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                // Refused rather than passed on: null values broke the request's immutable copy (a 500)
                // and mean nothing a missing key does not.
                throw InferenceException.invalid(field + " is null: leave the key out instead");
            case START_ARRAY: {
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(value(p, field, depth + 1));
                    if (list.size() > MAX_ENTRIES) {
                        throw InferenceException.invalid(field + " has more than " + MAX_ENTRIES + " entries");
                    }
                }
                return list;
            }
            case START_OBJECT: {
                Map<String, Object> map = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    p.nextToken();
                    map.put(key, value(p, field + "." + Quoted.of(key), depth + 1));
                    if (map.size() > MAX_ENTRIES) {
                        throw InferenceException.invalid(field + " has more than " + MAX_ENTRIES + " entries");
                    }
                }
                return map;
            }
            default:
                throw InferenceException.invalid(field + " is not a JSON value");
        }
    }
}
