package io.plumbline.monitor.window;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.profile.FeatureRole;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.monitor.profile.ProfileBuilder;
import io.plumbline.monitor.profile.ProfileOptions;
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
    void emptyWindow_isTiny() {
        assertTrue(new WindowCodec().encode(new DriftWindow(profile(1000))).length < 40);
    }

    @Test
    void countsOfAnotherProfileShape_areRefused() {
        byte[] bytes = new WindowCodec().encode(new DriftWindow(profile(1000)));
        DriftWindow other = new DriftWindow(profile(100));
        assertThrows(IllegalArgumentException.class, () -> new WindowCodec().decodeInto(bytes, other));
    }
}
