package io.plumbline.monitor.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.CategoricalSummary;
import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.NumericSummary;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
import io.plumbline.monitor.trace.TraceContext;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class WindowCodecTest {
    private static ReferenceProfile profile(int bins) {
        SplittableRandom random = new SplittableRandom(3);
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(bins));
        b.numeric("x", FeatureRole.INPUT).categorical("c", FeatureRole.INPUT);
        for (int i = 0; i < 5000; i++) {
            b.add("x", random.nextGaussian());
            b.add("c", i % 3 == 0 ? "a" : i % 3 == 1 ? "b" : "c");
        }
        b.addRows(5000);
        return b.build();
    }

    @Test
    void roundTrip_keepsEveryCount() {
        ReferenceProfile p = profile(1000);
        DriftWindow w = new DriftWindow(p);
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 700; i++) {
            w.numeric("x").add(random.nextGaussian() * 2);
            w.categorical("c").add(i % 5 == 0 ? "never-seen" : "a");
        }
        w.numeric("x").add(Double.NaN);
        w.numeric("x").addMissing();
        w.numeric("x").addInvalid();
        w.categorical("c").addMissing();
        w.addRows(702);
        WindowCodec codec = new WindowCodec();
        byte[] bytes = codec.encode(w);

        DriftWindow back = new DriftWindow(p);
        codec.decodeInto(bytes, back);
        NumericWindow x = w.numeric("x");
        NumericWindow bx = back.numeric("x");
        assertArrayEquals(x.countsCopy(), bx.countsCopy());
        assertEquals(x.count(), bx.count());
        assertEquals(x.missing(), bx.missing());
        assertEquals(x.invalid(), bx.invalid());
        assertEquals(x.belowDistance(), bx.belowDistance());
        assertEquals(x.aboveDistance(), bx.aboveDistance());
        CategoricalWindow c = w.categorical("c");
        CategoricalWindow bc = back.categorical("c");
        assertArrayEquals(c.countsCopy(), bc.countsCopy());
        assertEquals(c.unseen(), bc.unseen());
        assertEquals(c.missing(), bc.missing());
        assertEquals(702, back.rows());
        assertArrayEquals(bytes, codec.encode(back), "encoding is deterministic");
        assertTrue(bytes.length < 8 * 1002 / 4, "sparse: " + bytes.length + " bytes");
    }

    @Test
    void roundTrip_keepsTheModelQuality() {
        ProfileBuilder b = new ProfileBuilder(ProfileOptions.defaults().withBins(10));
        b.numeric("x", FeatureRole.INPUT).numeric("no", FeatureRole.OUTPUT).numeric("yes", FeatureRole.OUTPUT);
        for (int i = 0; i < 100; i++) {
            b.add("x", i);
            b.add("no", i / 100.0);
            b.add("yes", 1 - i / 100.0);
        }
        b.addRows(100);
        DriftWindow w = new DriftWindow(b.build());
        w.performance().predicted(new double[] {0.2, 0.8});
        w.performance().predicted(new double[] {0.7, 0.3});
        w.performance().score(new double[] {0.2, 0.8}, "", io.plumbline.events.FeedbackRecord.ofLabel("m", "", "a",
                "yes", -1, java.time.Instant.EPOCH));
        w.performance().score(new double[] {0.7, 0.3}, "", io.plumbline.events.FeedbackRecord.ofLabel("m", "", "b",
                "hail", -1, java.time.Instant.EPOCH));
        WindowCodec codec = new WindowCodec();
        DriftWindow back = new DriftWindow(w.profile());
        codec.decodeInto(codec.encode(w), back);
        assertEquals(2, back.performance().predictions());
        assertEquals(1, back.performance().labelled());
        assertEquals(1, back.performance().unscorable(), "'hail' is no class");
        assertEquals(w.performance().classifier(), back.performance().classifier());
        assertEquals(1.0, back.performance().classifier().accuracy());
    }

    @Test
    void emptyWindow_isTiny() {
        // format 1 + shape 4 + rows 1; x: missing 1, invalid 1, distances 16, slots 4, nan/type/shape 3;
        // c: missing 1, unseen 1, slots 4, type/shape 2, unseen names 1; model quality: length 0 (empty) 1;
        // traced events 0 (no example follows) 1: 6 + 25 + 9 + 1 + 1 = 42 bytes.
        assertEquals(42, new WindowCodec().encode(new DriftWindow(profile(1000))).length);
    }

    @Test
    void countsOfAnotherProfileShape_areRefused() {
        byte[] bytes = new WindowCodec().encode(new DriftWindow(profile(1000)));
        DriftWindow other = new DriftWindow(profile(100));
        assertThrows(IllegalArgumentException.class, () -> new WindowCodec().decodeInto(bytes, other));
    }

    /** A numeric input x (reference min 1, max 4, two bins) and a categorical output c (reference {a}). */
    private static ReferenceProfile small() {
        return new ReferenceProfile(10, List.of(
                new FeatureProfile("x", FeatureRole.INPUT, 4, 0,
                        new NumericSummary(2.5, 1.29, new double[] {Math.nextDown(1.0), 2.0, 4.0}, new long[] {2, 2}),
                        null),
                new FeatureProfile("c", FeatureRole.OUTPUT, 3, 0, null,
                        new CategoricalSummary(new LinkedHashMap<>(Map.of("a", 3L)), 0))));
    }

    @Test
    void roundTrip_keepsDataQualityCountsAndUnseenNames() {
        DriftWindow w = new DriftWindow(small());
        w.addRows(9);
        NumericWindow x = w.numeric("x");
        x.add(0.5);
        x.add(Double.NaN);
        x.addInvalid();
        x.addViolation(Violation.SHAPE, 2);
        CategoricalWindow c = w.categorical("c");
        for (String v : new String[] {"a", "zz", "zz", "é-ü", "y"}) {
            c.add(v);
        }
        c.addViolation(Violation.SHAPE, 3);
        c.addViolation(Violation.TYPE, 1);
        WindowCodec codec = new WindowCodec();
        byte[] bytes = codec.encode(w);

        DriftWindow back = new DriftWindow(small());
        codec.decodeInto(bytes, back);
        NumericWindow bx = back.numeric("x");
        assertEquals(1, bx.nan());
        assertEquals(1, bx.violations(Violation.TYPE));
        assertEquals(2, bx.violations(Violation.SHAPE));
        assertEquals(4, bx.invalid(), "NaN 1 + type 1 + shape 2, stored once");
        assertEquals(1, bx.outOfRange());
        CategoricalWindow bc = back.categorical("c");
        assertEquals(3, bc.violations(Violation.SHAPE));
        assertEquals(1, bc.violations(Violation.TYPE));
        assertEquals(4, bc.invalid());
        assertEquals(4, bc.unseen(), "zz, zz, é-ü, y");
        assertEquals(List.of(Map.entry("zz", 2L), Map.entry("y", 1L), Map.entry("é-ü", 1L)), bc.topUnseen());
        assertEquals(c.topUnseenError(), bc.topUnseenError());
        assertArrayEquals(bytes, codec.encode(back), "encoding is deterministic");
    }

    /**
     * Bytes in format 1, written by the codec of commit 3868c28 (before the data-quality counts) for
     * {@link #small()} after rows 6; x: 0.5, 1.5, 3, 9, NaN, missing; c: a, zz, zz, y, missing, a.
     * They still decode: every format-1 count is kept, the new counts are zero, no unseen names.
     */
    @Test
    void formatOne_stillDecodes() {
        byte[] v1 = HexFormat.of().parseHex("01972f2601060101feffffffffffdf3f000000000000144004000000010101010101010101"
                + "030200000001020103");
        DriftWindow back = new DriftWindow(small());
        new WindowCodec().decodeInto(v1, back);
        assertEquals(6, back.rows());
        NumericWindow x = back.numeric("x");
        assertArrayEquals(new long[] {1, 1, 1, 1}, x.countsCopy());
        assertEquals(1, x.missing());
        assertEquals(1, x.invalid());
        assertEquals(0, x.nan());
        assertEquals(5.0, x.aboveDistance());
        CategoricalWindow c = back.categorical("c");
        assertArrayEquals(new long[] {2, 3}, c.countsCopy());
        assertEquals(3, c.unseen());
        assertEquals(1, c.missing());
        assertEquals(0, c.invalid());
        assertEquals(List.of(), c.topUnseen());
    }

    @Test
    void roundTrip_keepsTheTraceSample() {
        DriftWindow w = new DriftWindow(small());
        w.addRows(3);
        w.trace().add(TraceContext.of("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", "vendor=opaque"),
                "req-é1");
        w.trace().add(TraceContext.of("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-00", null), "req-2");
        WindowCodec codec = new WindowCodec();
        byte[] bytes = codec.encode(w);

        DriftWindow back = new DriftWindow(small());
        codec.decodeInto(bytes, back);
        assertEquals(2, back.trace().traced());
        assertEquals("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01", back.trace().example().traceparent());
        assertEquals("vendor=opaque", back.trace().example().tracestate());
        assertEquals("req-é1", back.trace().requestId(), "the first traced event's, not the last's");
        assertArrayEquals(bytes, codec.encode(back), "encoding is deterministic");

        DriftWindow untraced = new DriftWindow(small());
        codec.decodeInto(codec.encode(new DriftWindow(small())), untraced);
        assertTrue(untraced.trace().isEmpty());
        assertEquals(0, untraced.trace().traced());
    }

    /**
     * Bytes in format 3, written by the codec of commit 37cc900 (before the trace sample) for {@link #small()}
     * after rows 5; x: 0.5, 1.5, 3, NaN, missing; c: a, zz, zz, missing, one type violation. They still decode,
     * with no trace sample.
     */
    @Test
    void formatThree_stillDecodes_withoutATraceSample() {
        byte[] v3 = HexFormat.of().parseHex("03972f2601050101feffffffffffdf3f0000000000000000030000000101010101010100"
                + "0001020200000001010102010001027a7a0200");
        DriftWindow back = new DriftWindow(small());
        new WindowCodec().decodeInto(v3, back);
        assertEquals(5, back.rows());
        NumericWindow x = back.numeric("x");
        assertArrayEquals(new long[] {1, 1, 1, 0}, x.countsCopy());
        assertEquals(1, x.missing());
        assertEquals(1, x.nan());
        CategoricalWindow c = back.categorical("c");
        assertArrayEquals(new long[] {1, 2}, c.countsCopy());
        assertEquals(1, c.violations(Violation.TYPE));
        assertEquals(List.of(Map.entry("zz", 2L)), c.topUnseen());
        assertTrue(back.trace().isEmpty(), "format 3 had no trace sample");
        assertEquals(0, back.trace().traced());
    }
}
