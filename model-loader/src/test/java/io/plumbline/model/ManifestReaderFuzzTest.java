package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import org.junit.jupiter.api.Timeout;

/**
 * Coverage-guided fuzzing of {@code model.yaml} (Jazzer): any bytes give a manifest or a
 * {@link ModelLoadException} naming the file, never another exception, a hang (the JUnit timeout
 * becomes libFuzzer's per-input timeout) or an allocation out of proportion to the input. A plain
 * test run replays {@code ManifestReaderFuzzTestInputs} (seeds and every input that once found a
 * bug); the build's fuzz execution (model-loader/pom.xml) fuzzes for 30 s.
 */
class ManifestReaderFuzzTest {
    @FuzzTest(maxDuration = "30s")
    @Timeout(10)
    void anyBytes_giveAManifestOrAModelLoadException(byte[] yaml) {
        FuzzAllocation.check(yaml.length, () -> read(yaml));
    }

    private static void read(byte[] yaml) {
        try {
            ModelManifest m = ManifestReader.read(new ByteArrayInputStream(yaml), "fuzz/model.yaml");
            assertNotNull(m.engine());
            assertNotNull(m.versionPolicy());
        } catch (ModelLoadException e) {
            assertTrue(e.getMessage().startsWith("fuzz/model.yaml"), e.getMessage());
        }
    }
}
