package io.plumbline.events.profile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Segment declarations in the reference profile: written only when present, read back equal, checked against the features. */
class SegmentProfileTest {
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();

    private static ReferenceProfile profile() {
        Map<String, Long> regions = new LinkedHashMap<>();
        regions.put("north", 5L);
        regions.put("south", 3L);
        FeatureProfile region = new FeatureProfile("region", FeatureRole.INPUT, 8, 0, null,
                new CategoricalSummary(regions, 0));
        FeatureProfile label = new FeatureProfile("label", FeatureRole.OUTPUT, 8, 0, null,
                new CategoricalSummary(regions, 0));
        return new ReferenceProfile(8, List.of(region, label));
    }

    @Test
    void roundTrip_keepsTheDeclarations_andAProfileWithoutThemOmitsTheField() {
        ReferenceProfile p = profile().withSegments(List.of(new SegmentSpec("region", null, null, 1),
                new SegmentSpec(null, "tenant", List.of("acme"), null)));
        String json = codec.toJson(p);
        assertTrue(json.contains("\"parameter\" : \"tenant\""), json);
        assertEquals(p, codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "t"));
        assertFalse(codec.toJson(profile()).contains("segments"));
        assertEquals(List.of(), profile().segments());
    }

    @Test
    void aSegmentFeature_mustBeACategoricalInputOfTheProfile() {
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> profile().withSegments(List.of(new SegmentSpec("colour", null, null, null))));
        assertTrue(missing.getMessage().contains("'colour' is not a profiled feature"), missing.getMessage());
        IllegalArgumentException output = assertThrows(IllegalArgumentException.class,
                () -> profile().withSegments(List.of(new SegmentSpec("label", null, null, null))));
        assertTrue(output.getMessage().contains("must be a categorical input feature"), output.getMessage());
    }

    @Test
    void brokenDeclarationInJson_namesTheField() {
        String json = codec.toJson(profile()).replaceFirst("\\{", "{ \"segments\": [ { \"parameter\": \"tenant\" } ],");
        ProfileFormatException e = assertThrows(ProfileFormatException.class,
                () -> codec.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "p.json"));
        assertTrue(e.getMessage().contains("segments") && e.getMessage().contains("needs 'values'"), e.getMessage());
    }
}
