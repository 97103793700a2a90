package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.util.Map;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@code aliases.yaml} (Jazzer): any bytes give aliases that obey the
 * rules (valid names that are not numbers, positive versions) or a {@link ModelLoadException}
 * naming the file; never another exception, a hang or a disproportionate allocation.
 */
class AliasesReaderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void anyBytes_giveValidAliasesOrAModelLoadException(byte[] yaml) {
        FuzzAllocation.check(yaml.length, () -> read(yaml));
    }

    private static void read(byte[] yaml) {
        try {
            Map<String, Long> aliases = AliasesReader.read(new ByteArrayInputStream(yaml), "fuzz/aliases.yaml");
            for (Map.Entry<String, Long> e : aliases.entrySet()) {
                assertTrue(ModelName.isValid(e.getKey()), e.getKey());
                assertNull(FileModelRepository.parseVersion(e.getKey()), "an alias that reads as a version");
                assertTrue(e.getValue() >= 1, e.toString());
            }
        } catch (ModelLoadException e) {
            assertTrue(e.getMessage().startsWith("fuzz/aliases.yaml"), e.getMessage());
        }
    }
}
