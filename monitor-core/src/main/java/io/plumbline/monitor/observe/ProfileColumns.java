package io.plumbline.monitor.observe;

import io.plumbline.events.EventTensor;
import io.plumbline.events.PredictionEvent;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.window.Violation;
import io.plumbline.tensor.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Names a prediction event's tensor columns from the model's reference profile, for the Kafka monitor,
 * which sees events and profiles but no manifests. Events name tensors, not their columns, so:
 * <ol>
 * <li>a {@code [rows]} or {@code [rows, 1]} tensor named like a profiled feature of its role is that feature;
 * <li>otherwise the profiled features of the role not matched by name, in profile order (the manifest's
 *     order, as the profile builder writes it), are the columns of the first {@code [rows, k]} tensor
 *     with {@code k} equal to their number.
 * </ol>
 * A tensor named like a profiled feature of its role whose shape fits neither rule (wrong width or rank,
 * or another row count than the event) is a {@link Violation#SHAPE shape violation} of that feature: its
 * rows are counted as such ({@link Observation#violations()}) and the event's other features count as
 * usual. Any other input tensor that fits neither rule makes the event invalid (its columns could not be
 * attributed without guessing); such an output is simply not monitored. Tensors the event carries only as a
 * summary (over the event size limits) are skipped, so their features count as missing.
 */
public final class ProfileColumns {
    private final Features inputs;
    private final Features outputs;

    /** One role's profiled feature names, in profile order, and as a set to match tensor names against. */
    private record Features(List<String> names, Set<String> set) {
        Features(List<String> names) {
            this(names, Set.copyOf(names));
        }
    }

    private ProfileColumns(ReferenceProfile profile) {
        inputs = new Features(names(profile, FeatureRole.INPUT));
        outputs = new Features(names(profile, FeatureRole.OUTPUT));
    }

    /**
     * The column rules of {@code profile}, with its features' names per role read once: the window driver
     * keeps one per profile instead of listing the profile's features again for every event.
     */
    public static ProfileColumns of(ReferenceProfile profile) {
        return new ProfileColumns(profile);
    }

    public static Observation observe(PredictionEvent e, ReferenceProfile profile) {
        return of(profile).observe(e);
    }

    public Observation observe(PredictionEvent e) {
        // Plain loops rather than streams: this runs for every event the Kafka monitor reads.
        int rows = firstRows(e.inputs());
        if (rows < 0) {
            rows = firstRows(e.outputs());
        }
        List<Column> columns = new ArrayList<>(inputs.names().size() + outputs.names().size());
        List<FeatureViolation> violations = new ArrayList<>(0);
        role(e.inputs(), inputs, FeatureRole.INPUT, true, rows, columns, violations);
        role(e.outputs(), outputs, FeatureRole.OUTPUT, false, rows, columns, violations);
        return new Observation(e.model(), e.version(), e.requestId(), e.timestamp().toEpochMilli(), Math.max(rows, 0),
                columns, violations);
    }

    private static List<String> names(ReferenceProfile profile, FeatureRole role) {
        List<String> features = new ArrayList<>();
        for (FeatureProfile f : profile.features()) {
            if (f.role() == role) {
                features.add(f.name());
            }
        }
        return List.copyOf(features);
    }

    /** Rows of the first tensor carried in full, or -1 when there is none. */
    private static int firstRows(List<EventTensor> tensors) {
        for (EventTensor t : tensors) {
            if (t.data().isPresent()) {
                return TensorColumns.rows(t.data().get());
            }
        }
        return -1;
    }

    /** Adds the columns of one role's tensors to {@code out}, and its misshaped features to {@code violations}. */
    private static void role(List<EventTensor> tensors, Features features, FeatureRole role, boolean strict,
            int rows, List<Column> out, List<FeatureViolation> violations) {
        int first = out.size();
        List<Tensor> rest = new ArrayList<>(tensors.size());
        List<Tensor> misshaped = List.of();
        for (int i = 0; i < tensors.size(); i++) {
            EventTensor et = tensors.get(i);
            if (et.data().isEmpty()) {
                continue;
            }
            Tensor t = et.data().get();
            boolean single = t.rank() == 1 || (t.rank() == 2 && t.dim(1) == 1);
            if (!features.set().contains(t.name())) {
                rest.add(t);
            } else if (!single) {
                if (misshaped.isEmpty()) {
                    misshaped = new ArrayList<>(1);
                }
                misshaped.add(t);
            } else if (t.dim(0) != rows) {
                violations.add(new FeatureViolation(t.name(), Violation.SHAPE, Math.max(rows, 0)));
            } else {
                out.addAll(TensorColumns.split(t, List.of(t.name())));
            }
        }
        // The usual event names no feature (one [rows, k] tensor of them all): its unnamed features are all of
        // them, without a list built per event.
        List<String> unnamed = features.names();
        if (out.size() > first || !violations.isEmpty() || !misshaped.isEmpty()) {
            unnamed = new ArrayList<>(features.names().size());
            for (String f : features.names()) {
                if (!named(out, first, f) && !violated(violations, f)) {
                    unnamed.add(f);
                }
            }
        }
        // A misshaped tensor named like a feature may still be the [rows, k] tensor of the unnamed features
        // (rule 2 comes first); otherwise it is that feature, sent in the wrong shape.
        for (Tensor t : misshaped) {
            if (t.rank() == 2 && t.dim(1) == unnamed.size() && t.dim(0) == rows) {
                rest.add(t);
            } else {
                violations.add(new FeatureViolation(t.name(), Violation.SHAPE, Math.max(rows, 0)));
                unnamed.remove(t.name());
            }
        }
        boolean assigned = unnamed.isEmpty();
        for (Tensor t : rest) {
            if (!assigned && t.rank() == 2 && t.dim(1) == unnamed.size()) {
                out.addAll(TensorColumns.split(t, unnamed));
                assigned = true;
            } else if (strict) {
                throw new InvalidObservationException("input tensor " + t.name() + " of shape "
                        + java.util.Arrays.toString(t.shape()) + " does not match the profiled "
                        + role.name().toLowerCase(java.util.Locale.ROOT) + " features " + unnamed);
            }
        }
    }

    private static boolean violated(List<FeatureViolation> violations, String feature) {
        for (FeatureViolation v : violations) {
            if (v.feature().equals(feature)) {
                return true;
            }
        }
        return false;
    }

    private static boolean named(List<Column> columns, int from, String name) {
        for (int i = from; i < columns.size(); i++) {
            if (columns.get(i).name().equals(name)) {
                return true;
            }
        }
        return false;
    }
}
