package io.plumbline.serving.onboard;

import io.plumbline.model.TensorSpec;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.monitor.data.Cells;
import io.plumbline.monitor.data.TableReader;
import io.plumbline.monitor.data.Tables;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the model over the reference data in chunks and writes a table of what the monitor will see: the
 * feature columns, then the model's output columns on those rows. The monitor's profiler then reads this
 * table, exactly as {@code plumbline-monitor.jar profile --outputs ...} reads one made by hand.
 *
 * <p>Input cells are copied as written (the demo profile was built from the data's text), outputs are
 * written as the doubles the monitor reads from the output tensors, in a form that parses back exactly.
 */
final class ReferenceRun {
    static final long PROGRESS_EVERY = 100_000;
    private static final int CHUNK = 1024;

    private final ColumnPlan plan;
    private final Engine engine;
    private final PrintStream progress;
    private final String labelColumn;
    private final int labelIndex;

    /** @param labelColumn a data column copied as is after the outputs (the true label), or null */
    ReferenceRun(ColumnPlan plan, Engine engine, PrintStream progress, String labelColumn, int labelIndex) {
        this.plan = plan;
        this.engine = engine;
        this.progress = progress;
        this.labelColumn = labelColumn;
        this.labelIndex = labelIndex;
    }

    /** Writes the table to {@code out}; returns the number of rows. */
    long write(Path data, Path out) throws IOException, Refusal {
        // A model with a fixed batch dimension of 1 gets its rows one at a time.
        int chunk = plan.inputs.stream().anyMatch(i -> i.spec().shape()[0] == 1) ? 1 : CHUNK;
        long rows = 0;
        try (TableReader reader = new Tables().open(data);
                BufferedWriter w = Files.newBufferedWriter(out, StandardCharsets.UTF_8)) {
            List<String> header = new ArrayList<>(plan.profileColumns());
            if (labelColumn != null) {
                header.add(labelColumn);
            }
            w.write(csvLine(header));
            List<String[]> batch = new ArrayList<>(chunk);
            String[] row;
            while (true) {
                row = reader.next();
                if (row != null) {
                    batch.add(row);
                }
                if (batch.size() == chunk || (row == null && !batch.isEmpty())) {
                    runChunk(batch, rows, w);
                    long before = rows;
                    rows += batch.size();
                    batch.clear();
                    if (progress != null && rows / PROGRESS_EVERY > before / PROGRESS_EVERY) {
                        progress.printf("models add: ran the model on %,d rows of %s%n", rows, data.getFileName());
                    }
                }
                if (row == null) {
                    break;
                }
            }
        }
        if (rows == 0) {
            throw new Refusal(data + " has no data rows");
        }
        return rows;
    }

    private void runChunk(List<String[]> rows, long firstRow, BufferedWriter w) throws IOException, Refusal {
        Map<String, Tensor> feeds = new HashMap<>();
        for (ColumnPlan.Input in : plan.inputs) {
            feeds.put(in.spec().name(), tensor(in, rows, firstRow));
        }
        List<ColumnPlan.Output> profiled = plan.outputs.stream().filter(o -> !o.profileColumns().isEmpty()).toList();
        List<Tensor> results;
        try {
            results = engine.run(feeds, profiled.stream().map(o -> o.spec().name()).toList());
        } catch (EngineException e) {
            throw new IOException("the model failed on data rows " + (firstRow + 1) + "-" + (firstRow + rows.size())
                    + ": " + e.getMessage(), e);
        }
        List<String> cells = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            cells.clear();
            for (ColumnPlan.Input in : plan.inputs) {
                for (int index : in.indices()) {
                    String cell = rows.get(r)[index];
                    cells.add(Cells.isMissing(cell) ? "" : cell.strip());
                }
            }
            for (int o = 0; o < profiled.size(); o++) {
                Tensor t = results.get(o);
                int width = profiled.get(o).profileColumns().size();
                if (t.elementCount() != (long) rows.size() * width) {
                    throw new IOException("output '" + t.name() + "' has " + t.elementCount() + " values for "
                            + rows.size() + " rows of " + width + " column(s)");
                }
                for (int c = 0; c < width; c++) {
                    cells.add(Double.toString(t.asDouble(r * width + c)));
                }
            }
            if (labelColumn != null) {
                String label = rows.get(r)[labelIndex];
                cells.add(Cells.isMissing(label) ? "" : label.strip());
            }
            w.write(csvLine(cells));
        }
    }

    /** One input tensor for a chunk of rows; a missing float is NaN, anything else not a number is refused. */
    private static Tensor tensor(ColumnPlan.Input in, List<String[]> rows, long firstRow) throws Refusal {
        TensorSpec spec = in.spec();
        DataType type = spec.datatype();
        int width = in.indices().length;
        ByteBuffer buf = Tensor.allocate((long) rows.size() * width, type.byteSize());
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                String cell = rows.get(r)[in.indices()[c]];
                Double v = Cells.parse(cell);
                boolean integer = type == DataType.INT32 || type == DataType.INT64;
                if (v == null && !(Cells.isMissing(cell) && !integer)
                        || integer && (v == null || v != Math.rint(v) || Double.isInfinite(v))) {
                    throw new Refusal("data row " + (firstRow + r + 1) + ", column '" + in.columns().get(c) + "': '"
                            + (cell == null ? "" : cell) + "' is not " + (integer ? "an integer" : "a number")
                            + " (input tensor '" + spec.name() + "' is " + type + ")");
                }
                double value = v == null ? Double.NaN : v;
                switch (type) {
                    case FP32 -> buf.putFloat((float) value);
                    case FP64 -> buf.putDouble(value);
                    case INT32 -> buf.putInt((int) value);
                    default -> buf.putLong((long) value);
                }
            }
        }
        buf.flip();
        long[] shape = spec.rank() == 1 ? new long[] {rows.size()} : new long[] {rows.size(), width};
        return Tensor.ofBytes(spec.name(), type, shape, buf);
    }

    /** A CSV line, quoting only cells that need it (names with commas or quotes). */
    static String csvLine(List<String> cells) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            String s = cells.get(i);
            if (i > 0) {
                b.append(',');
            }
            if (s.indexOf(',') >= 0 || s.indexOf('"') >= 0 || s.indexOf('\n') >= 0 || s.indexOf('\r') >= 0) {
                b.append('"').append(s.replace("\"", "\"\"")).append('"');
            } else {
                b.append(s);
            }
        }
        return b.append('\n').toString();
    }
}
