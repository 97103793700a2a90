package io.plumbline.events;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field values read from a streaming parser's current token, refused with the messages the event
 * decoders have always used. Every method leaves the parser on the value's last token, also when it
 * refuses, so the caller can go on reading the document. A value shown in a message is printed as
 * Jackson prints a tree node (compact JSON, numbers as their double or integer value).
 */
final class JsonFields {
    private JsonFields() {
    }

    static String string(JsonParser p, String field, boolean mayBeEmpty) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            skip(p);
            throw new EventFormatException(field, "must be a string");
        }
        String s = p.getText();
        if (!mayBeEmpty && s.isEmpty()) {
            throw new EventFormatException(field, "must not be empty");
        }
        return s;
    }

    static long nonNegativeLong(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NUMBER_INT && fitsLong(p) && p.getLongValue() >= 0) {
            return p.getLongValue();
        }
        throw new EventFormatException(field, "must be a non-negative integer, got "
                + TensorJson.abbreviate(shown(p)));
    }

    /** True when the current integer token has a {@code long} value. */
    static boolean fitsLong(JsonParser p) throws IOException {
        JsonParser.NumberType t = p.getNumberType();
        return t == JsonParser.NumberType.INT || t == JsonParser.NumberType.LONG
                || p.getBigIntegerValue().bitLength() < Long.SIZE;
    }

    /**
     * The current value as compact JSON, as a tree node's {@code toString()} prints it. Only for messages:
     * it reads to the end of a structure and builds a generator.
     */
    static String shown(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            copy(p, g);
        }
        return out.toString();
    }

    /** Passes over the current value (to its last token), refusing a repeated key in any of its objects. */
    static void skip(JsonParser p) throws IOException {
        copy(p, null);
    }

    /**
     * Passes over the current value, refusing a repeated key as the parser's duplicate detection would
     * (the decoder turns that off, see {@link SeenKeys}), and writes its tokens to {@code out} unless null.
     */
    static void copy(JsonParser p, JsonGenerator out) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.START_OBJECT) {
            if (out != null) {
                out.writeStartObject();
            }
            Set<String> keys = new HashSet<>();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                if (!keys.add(key)) {
                    throw SeenKeys.duplicate(p, key);
                }
                if (out != null) {
                    out.writeFieldName(key);
                }
                p.nextToken();
                copy(p, out);
            }
            if (out != null) {
                out.writeEndObject();
            }
        } else if (t == JsonToken.START_ARRAY) {
            if (out != null) {
                out.writeStartArray();
            }
            while (p.nextToken() != JsonToken.END_ARRAY) {
                copy(p, out);
            }
            if (out != null) {
                out.writeEndArray();
            }
        } else if (out != null) {
            out.copyCurrentEvent(p);
        }
    }

    /** A parameters object (the parser on its START_OBJECT) as plain Java values: integers as Long, other numbers as Double. */
    static Map<String, Object> object(JsonParser p) throws IOException {
        Map<String, Object> out = new LinkedHashMap<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            if (out.containsKey(key)) {
                throw SeenKeys.duplicate(p, key);
            }
            p.nextToken();
            out.put(key, plain(p));
        }
        return out;
    }

    private static Object plain(JsonParser p) throws IOException {
        switch (p.currentToken()) {
            case START_OBJECT:
                return object(p);
            case START_ARRAY:
                List<Object> list = new ArrayList<>();
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    list.add(plain(p));
                }
                return list;
            case VALUE_NUMBER_INT:
                return fitsLong(p) ? (Object) p.getLongValue() : (Object) p.getDoubleValue();
            case VALUE_NUMBER_FLOAT:
                return p.getDoubleValue();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                return p.getText();
        }
    }
}
