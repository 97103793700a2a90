package io.plumbline.monitor.data;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 CSV with a header row: comma separated, double-quoted fields may hold commas, quotes
 * ({@code ""}) and line breaks. A row with fewer cells than the header gets nulls for the rest, a row
 * with more has the extra cells dropped; both are counted in {@link #malformedRows()}. Blank lines are
 * skipped.
 */
public final class CsvTableReader implements TableReader {
    private final BufferedReader in;
    private final List<String> header;
    private final List<String> cells = new ArrayList<>();
    private final StringBuilder cell = new StringBuilder();
    private long malformed;

    public CsvTableReader(BufferedReader in, String source) throws IOException {
        this.in = in;
        List<String> first = readRecord();
        if (first == null) {
            throw new IOException(source + " is empty: a CSV file needs a header row");
        }
        if (!first.isEmpty() && first.get(0).startsWith("\uFEFF")) {
            first.set(0, first.get(0).substring(1));
        }
        this.header = first.stream().map(String::strip).toList();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public String[] next() throws IOException {
        List<String> record;
        do {
            record = readRecord();
            if (record == null) {
                return null;
            }
        } while (record.size() == 1 && record.get(0).isEmpty());
        if (record.size() != header.size()) {
            malformed++;
        }
        String[] row = new String[header.size()];
        for (int i = 0; i < row.length && i < record.size(); i++) {
            row[i] = record.get(i);
        }
        return row;
    }

    @Override
    public long malformedRows() {
        return malformed;
    }

    /** One record, which may span lines inside quotes; null at end of input. */
    private List<String> readRecord() throws IOException {
        String line = in.readLine();
        if (line == null) {
            return null;
        }
        cells.clear();
        cell.setLength(0);
        boolean quoted = false;
        while (true) {
            for (int i = 0; i < line.length(); i++) {
                char c = line.charAt(i);
                if (quoted) {
                    if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else if (c == '"') {
                        quoted = false;
                    } else {
                        cell.append(c);
                    }
                } else if (c == '"') {
                    quoted = true;
                } else if (c == ',') {
                    cells.add(cell.toString());
                    cell.setLength(0);
                } else {
                    cell.append(c);
                }
            }
            if (!quoted) {
                break;
            }
            line = in.readLine();
            if (line == null) {
                malformed++;
                break;
            }
            cell.append('\n');
        }
        cells.add(cell.toString());
        return new ArrayList<>(cells);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
