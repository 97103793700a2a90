package io.plumbline.serving.v2;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.serving.inference.Status;

/**
 * The request parser's settings and the client's view of its errors. Jackson's messages name its
 * own switches ({@code StreamReadConstraints.getMaxNestingDepth()}, {@code JsonReadFeature...})
 * and quote up to 256 characters of input: a client needs neither, so messages are rewritten to
 * name the request's problem and the Plumbline limit, with quoted input kept short.
 */
final class JsonErrors {
    private static final String DUPLICATE = "Duplicate field '";
    /** Jackson names that end the useful part of a message (plain searches: this is an error path). */
    private static final String[] INTERNALS = {"StreamReadConstraints", "StreamReadFeature", "JsonReadFeature",
        "JsonParser.Feature", "JsonFactory", "ErrorReportConfiguration"};
    private static final int MAX_MESSAGE = 200;
    /** Characters of an unexpected token that Jackson quotes. */
    private static final int MAX_TOKEN = 64;

    private JsonErrors() {
    }

    /**
     * The parser factory: duplicate keys refused (first or last could silently win otherwise), nesting
     * and string length bounded by the configured limits, quoted tokens kept short.
     */
    static JsonFactory factory(InputLimits limits) {
        // The fast float reader and writer (Schubfach) matter: Float.toString showed in profiles.
        return JsonFactory.builder()
                .enable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
                .enable(StreamReadFeature.USE_FAST_DOUBLE_PARSER)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .enable(StreamWriteFeature.USE_FAST_DOUBLE_WRITER)
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(limits.maxJsonDepth())
                        .maxStringLength(limits.maxBytesElementLength())
                        .build())
                .errorReportConfiguration(ErrorReportConfiguration.builder()
                        .maxErrorTokenLength(MAX_TOKEN)
                        .maxRawContentLength(0)
                        .build())
                .build();
    }

    static InferenceException invalid(JsonProcessingException e, InputLimits limits) {
        String original = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
        if (e instanceof StreamConstraintsException) {
            if (original.contains("nesting depth")) {
                return InferenceException.invalid(limits.depthMessage() + location(e));
            }
            if (original.contains("String value length")) {
                return new InferenceException(Status.PAYLOAD_TOO_LARGE,
                        "request JSON has a string longer than " + limits.maxBytesElementLength() + " characters ("
                                + InputLimits.PREFIX + ".max-bytes-element-length)" + location(e));
            }
            return InferenceException.invalid("request JSON has a number, name or document larger than the parser "
                    + "accepts" + location(e));
        }
        if (original.startsWith(DUPLICATE) && original.endsWith("'")) {
            String key = original.substring(DUPLICATE.length(), original.length() - 1);
            return InferenceException.invalid("request JSON has the key '" + Quoted.of(key)
                    + "' twice in one object" + location(e));
        }
        return InferenceException.invalid("request body is not valid JSON: " + clean(original) + location(e));
    }

    /** A Jackson message without its internal names, at most {@value #MAX_MESSAGE} characters. */
    static String clean(String message) {
        int cut = message.length();
        for (String internal : INTERNALS) {
            int at = message.indexOf(internal);
            if (at >= 0 && at < cut) {
                cut = at;
            }
        }
        if (cut < message.length()) {
            // Back to the start of the clause that names it ("...: enable `JsonReadFeature...`").
            int clause = Math.max(Math.max(message.lastIndexOf(':', cut), message.lastIndexOf(';', cut)),
                    Math.max(message.lastIndexOf('(', cut), message.lastIndexOf(',', cut)));
            cut = Math.max(clause, 0);
        }
        String s = message.substring(0, cut).strip();
        if (s.isEmpty()) {
            s = "malformed JSON";
        }
        return s.length() > MAX_MESSAGE ? s.substring(0, MAX_MESSAGE) + "…" : s;
    }

    private static String location(JsonProcessingException e) {
        JsonLocation l = e.getLocation();
        return l == null ? "" : " (line " + l.getLineNr() + ", column " + l.getColumnNr() + ")";
    }
}
