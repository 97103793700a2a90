package io.plumbline.monitor.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.testing.Samples;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ProfileBuilderTest {

    @Test
    void continuousData_givesEqualMassBins() {
        double[] values = Samples.normal(new SplittableRandom(2), 10_000, 5, 2);
        NumericSummary s = Samples.summary(Samples.profile(values, 1000));
        assertEquals(1000, s.bins());
        assertTrue(Arrays.stream(s.counts()).allMatch(c -> c == 10), "every bin holds 10 of 10,000");
        assertEquals(Math.nextDown(Arrays.stream(values).min().getAsDouble()), s.edges()[0]);
        assertEquals(Arrays.stream(values).max().getAsDouble(), s.edges()[1000]);
        assertEquals(0.001, s.maxBinMass(), 1e-15);
        assertEquals(Arrays.stream(values).average().getAsDouble(), s.mean(), 1e-9);
    }

    @Test
    void heavyAtom_getsItsOwnSingletonBin() {
        double[] values = Samples.normal(new SplittableRandom(3), 10_000, 0, 1);
        for (int i = 0; i < 3_000; i++) {
            values[i] = 0.0;
        }
        NumericSummary s = Samples.summary(Samples.profile(values, 100));
        int atom = Arrays.binarySearch(s.edges(), 0.0) - 1;
        assertTrue(s.isSingleton(atom), "0.0 has a bin of its own");
        assertEquals(3_000 + countZeros(values, 3_000), s.counts()[atom]);
        assertTrue(s.bins() <= 100);
        assertTrue(s.maxBinMass() < 2.0 / 100, "bound " + s.maxBinMass());
        for (int i = 1; i < s.edges().length; i++) {
            assertTrue(s.edges()[i] > s.edges()[i - 1]);
        }
    }

    private static long countZeros(double[] values, int from) {
        return Arrays.stream(values, from, values.length).filter(v -> v == 0.0).count();
    }

    @Test
    void manyAtoms_neverExceedTheBinBudget() {
        // 60 distinct values, each far above n / bins: would need 120 bins at 50, so the target shrinks
        SplittableRandom random = new SplittableRandom(4);
        double[] values = new double[6_000];
        for (int i = 0; i < values.length; i++) {
            values[i] = random.nextInt(60) + (random.nextDouble() < 0.5 ? 0 : 0.5 * random.nextDouble());
        }
        NumericSummary s = Samples.summary(Samples.profile(values, 50));
        assertTrue(s.bins() <= 50, "bins " + s.bins());
        assertEquals(6_000, s.total());
    }

    @Test
    void fewerValuesThanBins_givesExactSingletonBins() {
        double[] values = {3, 1, 2, 2, 5};
        NumericSummary s = Samples.summary(Samples.profile(values, 1000));
        assertEquals(0.0, s.maxBinMass());
        assertEquals(5, s.total());
    }

    @Test
    void aboveExactLimit_samplesEdgesButCountsExactly() {
        double[] values = Samples.normal(new SplittableRandom(8), 50_000, 0, 1);
        ReferenceProfile sampled = ProfileBuilder.ofValues("x", values, ProfileOptions.defaults().withBins(100).withExactLimit(5_000));
        NumericSummary s = Samples.summary(sampled);
        assertEquals(50_000, s.total());
        assertEquals(Math.nextDown(Arrays.stream(values).min().getAsDouble()), s.edges()[0]);
        long exactInFirstBin = Arrays.stream(values).filter(v -> v > s.edges()[0] && v <= s.edges()[1]).count();
        assertEquals(exactInFirstBin, s.counts()[0]);
        assertTrue(s.maxBinMass() < 0.02, "sampled edges are near the quantiles: " + s.maxBinMass());
    }

    @Test
    void nonFiniteAndMissing_countAsMissing() {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults()).numeric("x", FeatureRole.INPUT);
        b.add("x", 1.0);
        b.add("x", Double.NaN);
        b.add("x", Double.NEGATIVE_INFINITY);
        b.addMissing("x");
        FeatureProfile f = b.build().features().get(0);
        assertEquals(1, f.count());
        assertEquals(3, f.missing());
        assertEquals(0.75, f.missingShare());
    }

    @Test
    void categories_keepTopKByCountAndLumpTheRest() {
        ProfileOptions options = new ProfileOptions(10, 2, 100, 100, 1);
        ProfileBuilder b = new ProfileBuilder(options).categorical("c", FeatureRole.OUTPUT);
        for (String v : List.of("a", "b", "b", "c", "c", "c", "d", "")) {
            b.add("c", v);
        }
        FeatureProfile f = b.build().features().get(0);
        CategoricalSummary s = f.categorical();
        assertEquals(List.of("c", "b"), List.copyOf(s.categories().keySet()));
        assertEquals(2, s.other());
        assertEquals(1, f.missing());
        assertEquals(FeatureRole.OUTPUT, f.role());
    }

    @Test
    void emptyNumericFeature_givesValidProfile() {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults()).numeric("x", FeatureRole.INPUT);
        b.addMissing("x");
        FeatureProfile f = b.build().features().get(0);
        assertEquals(0, f.count());
        assertArrayEquals(new long[1], f.numeric().counts());
    }
}
