package io.plumbline.serving.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.context.exceptions.ConfigurationException;
import io.plumbline.model.FileModelRepository;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.serving.http.TestRepository;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each form of {@code plumbline.readiness.require} against a catalog, without a server. */
class ReadinessRequirementTest {
    @TempDir
    Path repo;

    private ModelCatalog catalog;

    @BeforeEach
    void setUp() throws Exception {
        TestRepository.copyDemo(repo.resolve("weather"));
        Files.createDirectories(repo.resolve("broken").resolve("1"));
        Files.writeString(repo.resolve("broken").resolve("1").resolve("model.onnx"), "not ONNX");
        catalog = new ModelCatalog(new FileModelRepository(repo), List.of(new OnnxEngineFactory(EngineOptions.DEFAULT)));
        catalog.loadAll();
    }

    @AfterEach
    void tearDown() {
        catalog.close();
    }

    private Optional<String> unmet(String... require) {
        return new ReadinessRequirement(new ReadinessConfig(List.of(require), false), catalog).unmet();
    }

    @Test
    void any_isMetByOneServingVersion() {
        assertEquals(Optional.empty(), unmet("any"));
        assertEquals(Optional.empty(), unmet(), "unset means any");
    }

    @Test
    void all_namesTheModelsThatDoNotServe() {
        assertEquals(Optional.of("model(s) not loaded: broken (plumbline.readiness.require is all; "
                + "see /v2/repository/index for why)"), unmet("ALL"));
    }

    @Test
    void names_needEachNamedModel() {
        assertEquals(Optional.empty(), unmet("weather"));
        assertEquals(Optional.of("model(s) not loaded: fraud (plumbline.readiness.require is [fraud, weather]; "
                + "see /v2/repository/index for why)"), unmet("weather", "fraud"));
    }

    @Test
    void nothingServing_isNeverReady_whateverTheRequirement() {
        catalog.unload("weather");
        String expected = "no model version loaded from " + repo.toUri() + " (2 model(s) found, none could load; "
                + "see /v2/repository/index for why)";
        for (String[] require : List.of(new String[] {"any"}, new String[] {"all"}, new String[] {"weather"})) {
            assertEquals(Optional.of(expected), unmet(require));
        }
    }

    @Test
    void aNameThatIsNotAModelName_isAConfigurationError() {
        ConfigurationException e = assertThrows(ConfigurationException.class, () -> unmet("weather", "../x"));
        assertTrue(e.getMessage().contains("plumbline.readiness.require: '../x' is not a model name"), e.getMessage());
        assertThrows(ConfigurationException.class, () -> unmet("any", "weather"));
    }
}
