package io.plumbline.events.profile;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * Reads and writes {@link ReferenceProfile} as JSON. Doubles are written in Java's shortest round-trip
 * form, so edges (including {@code Math.nextDown} atom edges) come back bit for bit. Unknown fields are
 * ignored so that optional additions stay readable within format version 1; anything else wrong raises a
 * {@link ProfileFormatException} naming the source and the JSON path of the field.
 */
public final class ReferenceProfileCodec {
    private final ObjectMapper mapper;

    public ReferenceProfileCodec() {
        mapper = new ObjectMapper()
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
                .configure(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES, true)
                .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true)
                .configure(SerializationFeature.INDENT_OUTPUT, true);
    }

    public ReferenceProfile read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString());
        } catch (NoSuchFileException e) {
            throw new ProfileFormatException(file.toString(), "(document)", "does not exist", e);
        } catch (IOException e) {
            throw new ProfileFormatException(file.toString(), "(document)", "cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses a profile; {@code source} names the input in error messages. */
    public ReferenceProfile read(InputStream in, String source) {
        try {
            ReferenceProfile profile = mapper.readValue(in, ReferenceProfile.class);
            if (profile == null) {
                throw new ProfileFormatException(source, "(document)", "is empty", null);
            }
            return profile;
        } catch (JsonMappingException e) {
            throw new ProfileFormatException(source, fieldPath(e), reason(e), e);
        } catch (JacksonException e) {
            throw new ProfileFormatException(source, "(document)", "is not valid JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new ProfileFormatException(source, "(document)", "cannot be read: " + e.getMessage(), e);
        }
    }

    public String toJson(ReferenceProfile profile) {
        try {
            return mapper.writeValueAsString(profile);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public void write(ReferenceProfile profile, OutputStream out) throws IOException {
        mapper.writeValue(out, profile);
    }

    public void write(ReferenceProfile profile, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(profile, out);
        }
    }

    private static String fieldPath(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            } else if (ref.getFieldName() != null) {
                if (path.length() > 0) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            }
        }
        return path.length() == 0 ? "(document)" : path.toString();
    }

    /** The record's own validation message where there is one: it names the field more precisely. */
    private static String reason(JsonMappingException e) {
        Throwable cause = e.getCause();
        while (cause != null && !(cause instanceof IllegalArgumentException)) {
            cause = cause.getCause();
        }
        return cause != null ? cause.getMessage() : e.getOriginalMessage();
    }
}
