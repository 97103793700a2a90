package io.plumbline.monitor.data;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Opens a data file by its extension: {@code .jsonl}, {@code .ndjson} and {@code .json} as JSON lines, anything else as CSV. */
public final class Tables {
    private final ObjectMapper mapper = new ObjectMapper();

    public TableReader open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new IOException(file + " does not exist or is not a file");
        }
        if (isJsonLines(file)) {
            List<String> header = jsonKeys(file);
            return new JsonLinesTableReader(reader(file), header, mapper);
        }
        return new CsvTableReader(reader(file), file.toString());
    }

    static boolean isJsonLines(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        return name.endsWith(".jsonl") || name.endsWith(".ndjson") || name.endsWith(".json");
    }

    private static BufferedReader reader(Path file) throws IOException {
        return Files.newBufferedReader(file, StandardCharsets.UTF_8);
    }

    /** Union of the keys of all objects, in first-seen order: JSON lines have no header row. */
    private List<String> jsonKeys(Path file) throws IOException {
        Set<String> keys = new LinkedHashSet<>();
        try (BufferedReader in = reader(file)) {
            String line;
            while ((line = in.readLine()) != null) {
                JsonNode node = line.isBlank() ? null : JsonLinesTableReader.parseObject(mapper, line);
                if (node != null) {
                    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                        keys.add(it.next());
                    }
                }
            }
        }
        if (keys.isEmpty()) {
            throw new IOException(file + " has no JSON object lines: expected one JSON object per line");
        }
        return new ArrayList<>(keys);
    }
}
