package io.plumbline.model;

import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.model.engine.EngineFactory;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns one version directory into a warmed-up {@link LoadedModel}: files verified (checksums,
 * and a signature where required), engine loaded, one zero batch run. Nothing here makes the version visible; the catalog does that.
 */
final class VersionLoader {
    private static final Logger LOG = LoggerFactory.getLogger(VersionLoader.class);
    /** Warm-up skips inputs larger than this: a warm-up must not cost more than a real request. */
    private static final long MAX_WARM_UP_ELEMENTS = 1 << 20;

    private final ModelRepository repository;
    private final Map<String, EngineFactory> factories;
    private final VersionVerifier verifier;

    VersionLoader(ModelRepository repository, List<EngineFactory> factories, VersionVerifier verifier) {
        this.repository = repository;
        this.verifier = verifier;
        Map<String, EngineFactory> byName = new HashMap<>();
        for (EngineFactory f : factories) {
            byName.put(f.name(), f);
        }
        this.factories = Map.copyOf(byName);
    }

    /**
     * Loads and warms up a version.
     *
     * @throws ModelLoadException with the reason it was refused
     */
    LoadedModel load(String model, long version, ModelManifest manifest) throws ModelLoadException {
        String what = model + "/" + version;
        EngineFactory factory = factories.get(manifest.engine());
        if (factory == null) {
            throw new ModelLoadException(what + ": engine '" + manifest.engine() + "' is not available (have "
                    + new TreeSet<>(factories.keySet()) + ")");
        }
        Path dir = repository.versionDirectory(model, version);
        String verified = verifier.verify(model, dir, what);
        Engine engine = factory.load(dir, manifest, what);
        warmUp(engine, what);
        LOG.info("Loaded {} ({}, {}, {})", what, manifest.engine(), engine.device(),
                verified);
        return new LoadedModel(model, version, manifest, engine, dir);
    }

    /**
     * One inference on a zero batch (variable dimensions set to 1) before the version takes
     * traffic, so the first real request does not pay for lazy initialisation. A model that
     * rejects zeros still loads: warm-up is an optimisation, not a test.
     */
    private static void warmUp(Engine engine, String what) {
        Map<String, Tensor> inputs = new HashMap<>();
        for (TensorSpec spec : engine.signature().inputs()) {
            long[] shape = spec.shape();
            for (int i = 0; i < shape.length; i++) {
                shape[i] = shape[i] < 0 ? 1 : shape[i];
            }
            long n = Shape.elementCount(shape);
            if (n > MAX_WARM_UP_ELEMENTS) {
                return;
            }
            if (spec.datatype() == DataType.BYTES) {
                byte[][] empty = new byte[(int) n][];
                Arrays.fill(empty, new byte[0]);
                inputs.put(spec.name(), Tensor.ofStrings(spec.name(), shape, empty));
            } else {
                inputs.put(spec.name(), Tensor.ofBytes(spec.name(), spec.datatype(), shape,
                        Tensor.allocate(n, spec.datatype().byteSize())));
            }
        }
        try {
            engine.run(inputs, engine.signature().outputs().stream().map(TensorSpec::name).toList());
        } catch (EngineException | RuntimeException e) {
            LOG.debug("{}: warm-up on a zero batch failed ({}); loading anyway", what, e.getMessage());
        }
    }
}
