package io.plumbline.events.profile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReferenceProfileCodecTest {
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();

    private static ReferenceProfile sample() {
        double atom = 2.0;
        double[] edges = {Math.nextDown(0.5), 1.0, Math.nextDown(atom), atom, 3.25};
        NumericSummary numeric = new NumericSummary(1.9, 0.8, edges, new long[] {3, 1, 5, 2});
        Map<String, Long> cats = new LinkedHashMap<>();
        cats.put("rain", 7L);
        cats.put("sun", 3L);
        return new ReferenceProfile(12, List.of(
                new FeatureProfile("x", FeatureRole.INPUT, 11, 1, numeric, null),
                new FeatureProfile("label", FeatureRole.OUTPUT, 12, 0, null, new CategoricalSummary(cats, 2))));
    }

    private ReferenceProfile parse(String json) {
        return codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "test.json");
    }

    @Test
    void roundTrip_keepsEdgesBitForBit() {
        ReferenceProfile profile = sample();
        String json = codec.toJson(profile);
        ReferenceProfile back = parse(json);
        assertEquals(profile, back);
        assertArrayEquals(profile.features().get(0).numeric().edges(), back.features().get(0).numeric().edges());
        assertEquals(List.of("rain", "sun"), List.copyOf(back.features().get(1).categorical().categories().keySet()));
        assertTrue(json.contains("\"formatVersion\" : 1"), json);
        assertTrue(json.contains("\"role\" : \"output\""), json);
    }

    @Test
    void maxBinMass_ignoresSingletonAtomBins() {
        NumericSummary numeric = sample().features().get(0).numeric();
        // bins: 3, 1, 5 (the atom at 2.0, a singleton), 2 of 11 values
        assertTrue(numeric.isSingleton(2));
        assertEquals(3.0 / 11, numeric.maxBinMass(), 1e-15);
    }

    @Test
    void read_corruptJson_namesFileAndDocument() {
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse("{\"formatVersion\": 1, "));
        assertTrue(e.getMessage().contains("test.json"), e.getMessage());
        assertEquals("(document)", e.field());
    }

    @Test
    void read_decreasingEdges_namesField() {
        String json = codec.toJson(sample()).replace("3.25", "0.75");
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(json));
        assertEquals("features[0].numeric", e.field());
        assertTrue(e.getMessage().contains("edges must be strictly increasing"), e.getMessage());
    }

    @Test
    void read_wrongType_namesField() {
        String json = codec.toJson(sample()).replace("\"rows\" : 12", "\"rows\" : \"many\"");
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(json));
        assertEquals("rows", e.field());
    }

    @Test
    void read_unsupportedVersion_isRejected() {
        String json = codec.toJson(sample()).replace("\"formatVersion\" : 1", "\"formatVersion\" : 2");
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(json));
        assertTrue(e.getMessage().contains("formatVersion 2 is not supported"), e.getMessage());
    }

    @Test
    void read_countsNotMatchingCount_isRejected() {
        String json = codec.toJson(sample()).replace("\"count\" : 11", "\"count\" : 10");
        ProfileFormatException e = assertThrows(ProfileFormatException.class, () -> parse(json));
        assertEquals("features[0]", e.field());
    }
}
