package io.plumbline.events.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The optional label and calibration sections of a reference profile, and the curve's interpolation. */
class CalibrationProfileTest {
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();

    private static CalibrationMap map() {
        return new CalibrationMap(CalibrationMap.ISOTONIC, 8, List.of(
                new ClassCalibration("no", "p_no", new double[] {0.1, 0.4, 0.9}, new double[] {0.0, 0.5, 1.0}),
                new ClassCalibration("yes", "p_yes", new double[] {0.2, 0.6}, new double[] {0.25, 0.75})));
    }

    private static ReferenceProfile labelled() {
        return new ReferenceProfile(8, List.of()).withLabel(new LabelInfo("y", List.of("no", "yes")), map());
    }

    @Test
    void apply_isLinearBetweenKnotsAndClippedOutside() {
        ClassCalibration c = map().classes().get(0);
        assertEquals(0.0, c.apply(0.0), 0);   // below the first knot: y[0]
        assertEquals(0.0, c.apply(0.1), 0);   // on a knot
        // 0.25 lies half way from 0.1 to 0.4: 0.0 + 0.5 * (0.5 - 0.0) = 0.25
        assertEquals(0.25, c.apply(0.25), 1e-15);
        // 0.65 lies half way from 0.4 to 0.9: 0.5 + 0.5 * (1.0 - 0.5) = 0.75
        assertEquals(0.75, c.apply(0.65), 1e-15);
        assertEquals(1.0, c.apply(1.0), 0);   // above the last knot: y[last]
    }

    @Test
    void roundTrip_keepsLabelAndCalibration() {
        ReferenceProfile profile = labelled();
        String json = codec.toJson(profile);
        ReferenceProfile back = codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t");
        assertEquals(profile, back);
        assertTrue(json.contains("\"method\" : \"isotonic\""), json);
        assertTrue(json.contains("\"column\" : \"y\""), json);
    }

    @Test
    void profileWithoutTheSections_omitsThemAndReadsBackWithNulls() {
        ReferenceProfile plain = new ReferenceProfile(3, List.of());
        String json = codec.toJson(plain);
        assertTrue(!json.contains("label") && !json.contains("calibration"), json);
        ReferenceProfile back = codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t");
        assertNull(back.label());
        assertNull(back.calibration());
    }

    @Test
    void committedDemoProfile_carriesTheLabelAndACalibrationMapOfEveryClass() {
        // WeatherCbpeValidationTest checks that the map is the one the profiler fits on 2012-2013.
        ReferenceProfile demo = codec.read(Path.of("../models/weather/1/reference-profile.json"));
        assertEquals(731, demo.rows());
        assertEquals(new LabelInfo("weather", List.of("drizzle", "fog", "rain", "snow", "sun")), demo.label());
        assertEquals(demo.label().classes(), demo.calibration().classNames());
    }

    @Test
    void invalidCurves_areRefusedNamingTheClass() {
        IllegalArgumentException decreasing = assertThrows(IllegalArgumentException.class,
                () -> new ClassCalibration("rain", "rain", new double[] {0.1, 0.2}, new double[] {0.6, 0.5}));
        assertTrue(decreasing.getMessage().contains("rain") && decreasing.getMessage().contains("non-decreasing"));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassCalibration("rain", "rain", new double[] {0.2, 0.2}, new double[] {0.5, 0.6}));
        assertThrows(IllegalArgumentException.class,
                () -> new ClassCalibration("rain", "rain", new double[] {0.2}, new double[] {1.5}));
        IllegalArgumentException mismatch = assertThrows(IllegalArgumentException.class,
                () -> new ReferenceProfile(8, List.of()).withLabel(new LabelInfo("y", List.of("yes", "no")), map()));
        assertTrue(mismatch.getMessage().contains("differ"), mismatch.getMessage());
    }

    @Test
    void brokenCalibrationInJson_namesTheField() {
        String json = codec.toJson(labelled()).replace("\"isotonic\"", "\"platt\"");
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t"));
        assertTrue(e.field().startsWith("calibration"), e.field());
    }
}
