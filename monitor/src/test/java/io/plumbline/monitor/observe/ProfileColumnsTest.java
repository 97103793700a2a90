package io.plumbline.monitor.observe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.plumbline.events.PredictionEvent;
import io.plumbline.events.TensorLimits;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.window.Violation;
import io.plumbline.tensor.Tensor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which tensors become which columns, and which become shape violations of a known feature. */
class ProfileColumnsTest {
    private static final NumericSummary S = new NumericSummary(0.5, 0.3, new double[] {-1, 0, 1}, new long[] {1, 1});
    /** Inputs a, b (in that order), output p. */
    private static final ReferenceProfile PROFILE = new ReferenceProfile(2, List.of(
            new FeatureProfile("a", FeatureRole.INPUT, 2, 0, S, null),
            new FeatureProfile("b", FeatureRole.INPUT, 2, 0, S, null),
            new FeatureProfile("p", FeatureRole.OUTPUT, 2, 0, S, null)));

    private static Observation observe(List<Tensor> inputs, List<Tensor> outputs) {
        return ProfileColumns.observe(PredictionEvent.of("m", "1", "id", Instant.EPOCH, 0, Map.of(), inputs, outputs,
                TensorLimits.DEFAULT), PROFILE);
    }

    @Test
    void blockTensorNamedLikeAFeature_isStillTheBlock() {
        // [2, 2] named "a": rule 2 (the unnamed features a, b, in profile order) comes before the name.
        Observation o = observe(List.of(Tensor.ofFloats("a", new long[] {2, 2}, 1, 2, 3, 4)), List.of());
        assertEquals(List.of("a", "b"), o.columns().stream().map(Column::name).toList());
        assertEquals(3.0, o.columns().get(0).numbers()[1]);
        assertEquals(List.of(), o.violations());
    }

    @Test
    void misshapedNamedTensor_isAShapeViolationOfItsFeature() {
        // a is [2, 3]: neither a single column nor the 2-wide block; b is fine; the output p is [2, 2].
        Observation o = observe(List.of(Tensor.ofFloats("a", new long[] {2, 3}, new float[6]),
                Tensor.ofFloats("b", new long[] {2}, 1, 2)), List.of(Tensor.ofFloats("p", new long[] {2, 2}, new float[4])));
        assertEquals(List.of("b"), o.columns().stream().map(Column::name).toList());
        assertEquals(List.of(new FeatureViolation("a", Violation.SHAPE, 2), new FeatureViolation("p", Violation.SHAPE, 2)),
                o.violations());
    }

    @Test
    void namedTensorWithAnotherRowCount_isAShapeViolation() {
        // Rows come from the first tensor (a: 3); b carries 2.
        Observation o = observe(List.of(Tensor.ofFloats("a", new long[] {3}, 1, 2, 3),
                Tensor.ofFloats("b", new long[] {2}, 1, 2)), List.of());
        assertEquals(3, o.rows());
        assertEquals(List.of(new FeatureViolation("b", Violation.SHAPE, 3)), o.violations());
    }

    @Test
    void inputNoFeatureExplains_stillMakesTheEventInvalid() {
        assertThrows(InvalidObservationException.class, () -> observe(List.of(Tensor.ofFloats("a", new long[] {1}, 1),
                Tensor.ofFloats("b", new long[] {1}, 1), Tensor.ofFloats("junk", new long[] {1, 5}, new float[5])),
                List.of()));
    }
}
