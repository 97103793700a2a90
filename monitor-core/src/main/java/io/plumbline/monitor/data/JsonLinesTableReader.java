package io.plumbline.monitor.data;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.util.List;

/**
 * JSON lines: one JSON object per line, keys are columns. The header (the union of keys in first-seen
 * order) is given by the caller, usually from {@link Tables#open}, which scans the file once for it.
 * Numbers and strings become their text, JSON null or an absent key becomes null, nested values their
 * JSON text. A line that is not a JSON object is counted in {@link #malformedRows()} and skipped.
 */
public final class JsonLinesTableReader implements TableReader {
    private final BufferedReader in;
    private final List<String> header;
    private final ObjectMapper mapper;
    private long malformed;

    public JsonLinesTableReader(BufferedReader in, List<String> header, ObjectMapper mapper) {
        this.in = in;
        this.header = List.copyOf(header);
        this.mapper = mapper;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public String[] next() throws IOException {
        String line;
        while ((line = in.readLine()) != null) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode node = parseObject(mapper, line);
            if (node == null) {
                malformed++;
                continue;
            }
            String[] row = new String[header.size()];
            for (int i = 0; i < row.length; i++) {
                row[i] = text(node.get(header.get(i)));
            }
            return row;
        }
        return null;
    }

    /** The line as a JSON object, or null when it is not one. */
    static JsonNode parseObject(ObjectMapper mapper, String line) {
        try {
            JsonNode node = mapper.readTree(line);
            return node != null && node.isObject() ? node : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    @Override
    public long malformedRows() {
        return malformed;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
