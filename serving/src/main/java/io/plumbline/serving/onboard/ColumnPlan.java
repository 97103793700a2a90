package io.plumbline.serving.onboard;

import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.tensor.DataType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Which data columns feed which input tensor, and which profile columns each output becomes, checked
 * against the model's signature and the data's header before any row is read.
 *
 * <p>The columns must also be attributable by the monitor, which sees tensors, not columns
 * ({@code io.plumbline.monitor.observe.ProfileColumns}): a one-column tensor is matched to the profiled
 * feature of its own name, and the remaining features, in profile order, must all be the columns of one
 * {@code [rows, k]} tensor. So a model with several inputs may have one multi-column input; its other
 * inputs take one column each, named like the tensor. Outputs follow the same rule, but an output the
 * monitor could not attribute is left out of the profile (with a note) rather than refused.
 */
final class ColumnPlan {
    private static final Set<DataType> FEEDABLE = Set.of(DataType.FP32, DataType.FP64, DataType.INT32, DataType.INT64);

    /** An input tensor, the data columns that fill it and their indices in the header. */
    record Input(TensorSpec spec, List<String> columns, int[] indices) {
    }

    /** An output tensor and the profile columns its columns become (empty: not profiled). */
    record Output(TensorSpec spec, List<String> profileColumns, List<String> labels) {
    }

    final List<Input> inputs;
    final List<Output> outputs;
    final List<String> notes = new ArrayList<>();

    private ColumnPlan(List<Input> inputs, List<Output> outputs) {
        this.inputs = inputs;
        this.outputs = outputs;
    }

    static ColumnPlan of(ModelSignature signature, AddOptions options, List<String> header) throws Refusal {
        List<Input> inputs = inputs(signature.inputs(), options.features(), header, options.data().toString());
        Set<String> taken = new HashSet<>();
        inputs.forEach(i -> taken.addAll(i.columns()));
        ColumnPlan plan = new ColumnPlan(inputs, new ArrayList<>());
        plan.outputs(signature.outputs(), options.labels(), taken);
        return plan;
    }

    /** Profile columns in order: the inputs' columns, then the profiled outputs'. */
    List<String> profileColumns() {
        List<String> out = new ArrayList<>();
        inputs.forEach(i -> out.addAll(i.columns()));
        outputs.forEach(o -> out.addAll(o.profileColumns()));
        return out;
    }

    List<String> outputColumns() {
        List<String> out = new ArrayList<>();
        outputs.forEach(o -> out.addAll(o.profileColumns()));
        return out;
    }

    private static List<Input> inputs(List<TensorSpec> specs, Map<String, List<String>> features,
            List<String> header, String data) throws Refusal {
        Map<String, List<String>> given = byTensor(specs, features, "input", "--features");
        List<Input> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (TensorSpec spec : specs) {
            List<String> columns = given.get(spec.name());
            if (!FEEDABLE.contains(spec.datatype())) {
                throw new Refusal("input tensor '" + spec.name() + "' is " + spec.datatype()
                        + ": models add feeds numeric tensors only (FP32, FP64, INT32, INT64)");
            }
            int width = width(spec, "input");
            if (columns == null) {
                throw new Refusal("input tensor '" + spec.name() + "' " + describe(spec)
                        + " has no columns: add --features " + spec.name() + "=COL" + (width == 1 ? "" : ",COL,..."));
            }
            if (width >= 0 && columns.size() != width) {
                throw new Refusal("input tensor '" + spec.name() + "' " + describe(spec) + " takes " + width
                        + " column(s) but --features gives " + columns.size() + ": " + columns);
            }
            int[] indices = new int[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                String column = columns.get(c);
                indices[c] = header.indexOf(column);
                if (indices[c] < 0) {
                    throw new Refusal("column '" + column + "' (for input tensor '" + spec.name() + "') is not in "
                            + data + "; its columns are " + header);
                }
                if (!seen.add(column)) {
                    throw new Refusal("column '" + column + "' is given twice in --features");
                }
            }
            out.add(new Input(spec, columns, indices));
        }
        checkAttributable(out);
        return out;
    }

    /** The monitor's rule (class comment): at most one input is not a one-column tensor named like its column. */
    private static void checkAttributable(List<Input> inputs) throws Refusal {
        List<Input> unnamed = inputs.stream().filter(i -> !namedLikeTensor(i.spec(), i.columns())).toList();
        if (unnamed.size() > 1 || (unnamed.size() == 1 && unnamed.get(0).spec().rank() != 2)) {
            throw new Refusal("the monitor cannot tell which tensor the columns of " + unnamed.stream()
                    .map(i -> "'" + i.spec().name() + "' " + i.columns()).toList() + " belong to: a model with "
                    + "several inputs may have one multi-column input tensor; each other input must take one "
                    + "column named like the tensor (rename the data column, e.g. --features tenure=tenure)");
        }
    }

    private static boolean namedLikeTensor(TensorSpec spec, List<String> columns) {
        return columns.size() == 1 && columns.get(0).equals(spec.name())
                && (spec.rank() == 1 || spec.shape()[1] == 1);
    }

    private void outputs(List<TensorSpec> specs, Map<String, List<String>> labels, Set<String> taken)
            throws Refusal {
        Map<String, List<String>> given = byTensor(specs, labels, "output", "--labels");
        boolean multiColumnProfiled = false;
        for (TensorSpec spec : specs) {
            List<String> names = given.getOrDefault(spec.name(), List.of());
            int width = width(spec, "output");
            if (!names.isEmpty() && width >= 0 && names.size() != width) {
                throw new Refusal("output tensor '" + spec.name() + "' " + describe(spec) + " has " + width
                        + " column(s) but --labels gives " + names.size() + ": " + names);
            }
            List<String> columns;
            if (spec.datatype() == DataType.BYTES || spec.datatype() == DataType.BOOL) {
                notes.add("output '" + spec.name() + "' (" + spec.datatype() + ") is not profiled: numeric outputs only");
                columns = List.of();
            } else if (width == 1 && (names.isEmpty() || names.get(0).equals(spec.name()))) {
                columns = List.of(spec.name());
            } else if (spec.rank() == 2 && (width > 0 || !names.isEmpty()) && !multiColumnProfiled) {
                columns = names.isEmpty() ? numbered(spec.name(), width) : names;
                multiColumnProfiled = true;
            } else {
                notes.add("output '" + spec.name() + "' is not profiled: the monitor attributes the columns of one "
                        + "multi-column output only (and one-column outputs by their tensor name)");
                columns = List.of();
            }
            for (String c : columns) {
                if (!taken.add(c)) {
                    throw new Refusal("output column '" + c + "' (tensor '" + spec.name()
                            + "') has the name of another profile column: choose other --labels");
                }
            }
            outputs.add(new Output(spec, columns, names));
        }
    }

    /** The column lists by tensor name, resolving a list given without a name to the model's only tensor. */
    private static Map<String, List<String>> byTensor(List<TensorSpec> specs, Map<String, List<String>> given,
            String kind, String option) throws Refusal {
        List<String> names = specs.stream().map(TensorSpec::name).toList();
        if (given.containsKey(AddOptions.ONLY)) {
            if (specs.size() != 1) {
                throw new Refusal("the model has " + specs.size() + " " + kind + "s " + specs + ": give " + option
                        + " TENSOR=COLS for each");
            }
            return Map.of(names.get(0), given.get(AddOptions.ONLY));
        }
        for (String tensor : given.keySet()) {
            if (!names.contains(tensor)) {
                throw new Refusal(option + " names " + kind + " tensor '" + tensor + "' but the model's " + kind
                        + "s are " + specs);
            }
        }
        return given;
    }

    /** Columns of one row: 1 for {@code [rows]}, k for {@code [rows, k]}, -1 when the model leaves k open. */
    private static int width(TensorSpec spec, String kind) throws Refusal {
        long[] shape = spec.shape();
        if (shape.length == 0 || shape.length > 2 || shape[0] > 1) {
            throw new Refusal(kind + " tensor '" + spec.name() + "' has shape " + Arrays.toString(shape)
                    + ": models add handles tables, [rows] or [rows, columns] with a variable (or 1) first dimension");
        }
        return shape.length == 1 ? 1 : (int) shape[1];
    }

    private static String describe(TensorSpec spec) {
        return "(" + spec.datatype() + " " + Arrays.toString(spec.shape()) + ")";
    }

    private static List<String> numbered(String tensor, int width) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < width; i++) {
            out.add(tensor + "_" + i);
        }
        return out;
    }
}
