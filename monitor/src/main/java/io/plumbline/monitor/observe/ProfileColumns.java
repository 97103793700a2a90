package io.plumbline.monitor.observe;

import io.plumbline.events.EventTensor;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Names a prediction event's tensor columns from the model's reference profile, for the Kafka monitor,
 * which sees events and profiles but no manifests. Events name tensors, not their columns, so:
 * <ol>
 * <li>a {@code [rows]} or {@code [rows, 1]} tensor named like a profiled feature of its role is that feature;
 * <li>otherwise the profiled features of the role not matched by name, in profile order (the manifest's
 *     order, as the profile builder writes it), are the columns of the first {@code [rows, k]} tensor
 *     with {@code k} equal to their number.
 * </ol>
 * An input tensor that fits neither rule makes the event invalid (its columns could not be attributed
 * without guessing); an output that fits neither is simply not monitored. Tensors the event carries only
 * as a summary (over the event size limits) are skipped, so their features count as missing.
 */
public final class ProfileColumns {
    private ProfileColumns() {
    }

    public static Observation observe(PredictionEvent e, ReferenceProfile profile) {
        List<Column> columns = new ArrayList<>();
        int rows = -1;
        for (Tensor t : full(e.inputs())) {
            rows = rows < 0 ? TensorColumns.rows(t) : rows;
        }
        columns.addAll(role(e.inputs(), profile, FeatureRole.INPUT, true));
        columns.addAll(role(e.outputs(), profile, FeatureRole.OUTPUT, false));
        if (rows < 0) {
            for (Tensor t : full(e.outputs())) {
                rows = rows < 0 ? TensorColumns.rows(t) : rows;
            }
        }
        return new Observation(e.model(), e.version(), e.requestId(), e.timestamp().toEpochMilli(), Math.max(rows, 0),
                columns);
    }

    private static List<Column> role(List<EventTensor> tensors, ReferenceProfile profile, FeatureRole role,
            boolean strict) {
        List<String> features = profile.features().stream().filter(f -> f.role() == role).map(FeatureProfile::name)
                .toList();
        List<Column> columns = new ArrayList<>();
        List<Tensor> rest = new ArrayList<>();
        for (Tensor t : full(tensors)) {
            boolean single = t.rank() == 1 || (t.rank() == 2 && t.dim(1) == 1);
            if (single && features.contains(t.name())) {
                columns.addAll(TensorColumns.split(t, List.of(t.name())));
            } else {
                rest.add(t);
            }
        }
        Set<String> named = columns.stream().map(Column::name).collect(Collectors.toSet());
        List<String> unnamed = features.stream().filter(f -> !named.contains(f)).toList();
        boolean assigned = unnamed.isEmpty();
        for (Tensor t : rest) {
            if (!assigned && t.rank() == 2 && t.dim(1) == unnamed.size()) {
                columns.addAll(TensorColumns.split(t, unnamed));
                assigned = true;
            } else if (strict) {
                throw new InvalidObservationException("input tensor " + t.name() + " of shape "
                        + java.util.Arrays.toString(t.shape()) + " does not match the profiled "
                        + role.name().toLowerCase(java.util.Locale.ROOT) + " features " + unnamed);
            }
        }
        return columns;
    }

    private static List<Tensor> full(List<EventTensor> tensors) {
        List<Tensor> out = new ArrayList<>(tensors.size());
        for (EventTensor t : tensors) {
            t.data().ifPresent(out::add);
        }
        return out;
    }
}
