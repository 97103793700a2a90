package io.plumbline.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a document against a JSON Schema structurally: the subset the project's schemas use ({@code type,
 * required, properties, items, $ref, enum, const, oneOf, anyOf, minimum, minLength}), {@code $ref}s being
 * JSON pointers into the same document (so it serves the event schemas and the OpenAPI document's
 * {@code #/components/schemas}). A small interpreter rather than a library: it proves the schema and the
 * code agree on which fields exist, where, and of what JSON type.
 */
public final class JsonSchemaCheck {
    private final JsonNode root;

    public JsonSchemaCheck(JsonNode root) {
        this.root = root;
    }

    /** The schema in a classpath resource of {@code anchor}'s class loader. */
    public static JsonSchemaCheck resource(Class<?> anchor, String resource) {
        try (InputStream in = anchor.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException(resource + " is not on the classpath");
            }
            return new JsonSchemaCheck(new ObjectMapper().readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public JsonNode schema() {
        return root;
    }

    /** Every violation of the schema at JSON pointer {@code pointer} (e.g. {@code /components/schemas/X}). */
    public List<String> violations(JsonNode doc, String pointer) {
        List<String> out = new ArrayList<>();
        JsonNode schema = root.at(pointer);
        if (schema.isMissingNode()) {
            throw new IllegalArgumentException("no schema at " + pointer);
        }
        check(schema, doc, "$", out);
        return out;
    }

    /** Every violation found, each with its JSON path; empty when the document conforms. */
    public List<String> violations(JsonNode doc) {
        List<String> out = new ArrayList<>();
        check(root, doc, "$", out);
        return out;
    }

    private void check(JsonNode schema, JsonNode v, String path, List<String> out) {
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            check(root.at(ref.substring(1)), v, path, out);
        }
        if (schema.has("type") && !typeMatches(schema.get("type"), v)) {
            out.add(path + ": expected " + schema.get("type") + ", got " + v.getNodeType());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), v)) {
            out.add(path + ": " + v + " not in " + schema.get("enum"));
        }
        if (schema.has("const") && !schema.get("const").equals(v)) {
            out.add(path + ": expected " + schema.get("const") + ", got " + v);
        }
        if (schema.has("minimum") && v.isNumber() && v.doubleValue() < schema.get("minimum").doubleValue()) {
            out.add(path + ": " + v + " below minimum");
        }
        if (schema.has("minLength") && v.isTextual() && v.textValue().length() < schema.get("minLength").asInt()) {
            out.add(path + ": shorter than " + schema.get("minLength"));
        }
        if (v.isObject()) {
            for (JsonNode r : schema.path("required")) {
                if (!v.has(r.asText())) {
                    out.add(path + ": missing required '" + r.asText() + "'");
                }
            }
            for (Map.Entry<String, JsonNode> p : schema.path("properties").properties()) {
                if (v.has(p.getKey())) {
                    check(p.getValue(), v.get(p.getKey()), path + "." + p.getKey(), out);
                }
            }
        }
        if (v.isArray() && schema.has("items")) {
            for (int i = 0; i < v.size(); i++) {
                check(schema.get("items"), v.get(i), path + "[" + i + "]", out);
            }
        }
        if (schema.has("oneOf")) {
            int matches = 0;
            for (JsonNode option : schema.get("oneOf")) {
                List<String> sub = new ArrayList<>();
                check(option, v, path, sub);
                matches += sub.isEmpty() ? 1 : 0;
            }
            if (matches != 1) {
                out.add(path + ": matches " + matches + " of oneOf, expected exactly 1");
            }
        }
        if (schema.has("anyOf")) {
            boolean any = false;
            for (JsonNode option : schema.get("anyOf")) {
                List<String> sub = new ArrayList<>();
                check(option, v, path, sub);
                any |= sub.isEmpty();
            }
            if (!any) {
                out.add(path + ": matches none of anyOf");
            }
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode v) {
        if (type.isArray()) {
            for (JsonNode t : type) {
                if (typeMatches(t, v)) {
                    return true;
                }
            }
            return false;
        }
        return switch (type.asText()) {
            case "object" -> v.isObject();
            case "array" -> v.isArray();
            case "string" -> v.isTextual();
            case "integer" -> v.isIntegralNumber();
            case "number" -> v.isNumber();
            case "boolean" -> v.isBoolean();
            case "null" -> v.isNull();
            default -> throw new IllegalArgumentException("schema type " + type);
        };
    }

    private static boolean contains(JsonNode values, JsonNode v) {
        for (JsonNode e : values) {
            if (e.equals(v)) {
                return true;
            }
        }
        return false;
    }
}
