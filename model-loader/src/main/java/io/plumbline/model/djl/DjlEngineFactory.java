package io.plumbline.model.djl;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDList;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ModelNotFoundException;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.NoopTranslator;
import io.plumbline.model.Device;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineFactory;
import io.plumbline.model.engine.EngineOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Loads {@code engine: djl} models through DJL {@code Criteria} ({@code NDList} in, {@code NDList}
 * out) from the version directory, with the DJL engine named by the manifest's {@code djl-engine}
 * ({@code XGBoost}, {@code OnnxRuntime}; others when their DJL artifact is on the classpath).
 * Manifest {@code engine-options} other than {@code djl-engine} and {@code model-name} pass to DJL as
 * Criteria options (e.g. XGBoost's {@code Mode}, ONNX Runtime's {@code optLevel}).
 *
 * <p>DJL downloads engines and models and reports usage unless it is offline. A server must never
 * do either, so the constructor turns offline mode on ({@code ai.djl.offline=true}) unless the
 * operator set the property explicitly; {@code DJL_OFFLINE=true} in the environment does the same.
 */
public final class DjlEngineFactory implements EngineFactory {
    public static final String NAME = "djl";
    /** Manifest key naming the DJL engine. */
    public static final String DJL_ENGINE = "djl-engine";
    /** Manifest {@code engine-options} key naming the model file's stem when it is not {@code model}. */
    public static final String MODEL_NAME = "model-name";
    static final String OFFLINE_PROPERTY = "ai.djl.offline";

    private static final Logger LOG = LoggerFactory.getLogger(DjlEngineFactory.class);

    static final String ONNX_RUNTIME = "OnnxRuntime";

    private final EngineOptions options;
    /** Why DJL's OnnxRuntime engine cannot start in this JVM, or null when it can (or is absent). */
    private final String onnxRuntimeProblem;

    /**
     * Create this factory before anything else touches ONNX Runtime (before the direct
     * {@code OnnxEngineFactory}): DJL's OnnxRuntime engine insists on creating ONNX Runtime's
     * one-per-process environment itself, with thread-pool options, and fails for good when the
     * environment already exists. Starting it here makes the order explicit; the direct engine then
     * shares the environment DJL created.
     */
    public DjlEngineFactory(EngineOptions options) {
        this.options = options;
        if (System.getProperty(OFFLINE_PROPERTY) == null) {
            System.setProperty(OFFLINE_PROPERTY, "true");
        } else if (!Boolean.getBoolean(OFFLINE_PROPERTY)) {
            LOG.warn("{}=false: DJL may download engines or models and report usage; Plumbline expects it offline",
                    OFFLINE_PROPERTY);
        }
        this.onnxRuntimeProblem = startOnnxRuntime();
    }

    private static String startOnnxRuntime() {
        if (!ai.djl.engine.Engine.hasEngine(ONNX_RUNTIME)) {
            return null;
        }
        try {
            ai.djl.engine.Engine.getEngine(ONNX_RUNTIME);
            return null;
        } catch (RuntimeException | LinkageError e) {
            Throwable root = e;
            while (root.getCause() != null && root.getCause() != root) {
                root = root.getCause();
            }
            String why = "DJL's OnnxRuntime engine cannot start in this process (" + root.getMessage()
                    + "): ONNX Runtime was initialised before the DJL engine factory was created; "
                    + "serve .onnx files with 'engine: onnxruntime' instead";
            LOG.warn(why);
            return why;
        }
    }

    /** Why {@code djl-engine: OnnxRuntime} cannot load here, or null when it can. */
    String onnxRuntimeProblem() {
        return onnxRuntimeProblem;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Engine load(Path versionDirectory, ModelManifest manifest, String what) throws ModelLoadException {
        String engineName = engineName(manifest, what);
        if (engineName.equals(ONNX_RUNTIME) && onnxRuntimeProblem != null) {
            throw new ModelLoadException(what + ": " + onnxRuntimeProblem);
        }
        ModelSignature signature = signature(manifest, engineName, what);
        ai.djl.Device device = device(manifest, engineName, what);
        Criteria.Builder<NDList, NDList> criteria = Criteria.builder()
                .setTypes(NDList.class, NDList.class)
                .optModelPath(versionDirectory)
                .optEngine(engineName)
                .optDevice(device)
                .optTranslator(new NoopTranslator());
        String modelName = manifest.engineOptions().get(MODEL_NAME);
        // Without a name DJL looks for the directory's name ("3.json"), then falls back to model.*.
        criteria.optModelName(modelName != null ? modelName : "model");
        if (engineName.equals(ONNX_RUNTIME) && (options.intraOpThreads() > 0 || options.interOpThreads() > 0)) {
            criteria.optOption("interOpNumThreads", Integer.toString(options.interOpThreads()));
            criteria.optOption("intraOpNumThreads", Integer.toString(options.intraOpThreads()));
        }
        for (Map.Entry<String, String> e : manifest.engineOptions().entrySet()) {
            if (!e.getKey().equals(DJL_ENGINE) && !e.getKey().equals(MODEL_NAME)) {
                criteria.optOption(e.getKey(), e.getValue());
            }
        }
        ZooModel<NDList, NDList> model;
        try {
            model = criteria.build().loadModel();
        } catch (ModelNotFoundException | IOException e) {
            throw new ModelLoadException(what + ": DJL " + engineName + " found no model in the version directory ("
                    + e.getMessage() + "); XGBoost wants model.json, model.xgb or model.bst, ONNX Runtime model.onnx, "
                    + "or set engine-options: {model-name: <file stem>}", e);
        } catch (MalformedModelException | RuntimeException | LinkageError e) {
            // LinkageError: an engine whose native library or static set-up failed must not take
            // the catalog (and the versions already serving) down with it.
            throw new ModelLoadException(what + ": DJL " + engineName + " cannot load the model: " + e, e);
        }
        LOG.debug("{}: loaded with DJL {} on {}", what, engineName, device);
        return new DjlEngine(model, signature, device.isGpu() ? "gpu:" + device.getDeviceId() : "cpu");
    }

    /** The DJL engine's exact name, matched case-insensitively against the engines on the classpath. */
    private static String engineName(ModelManifest manifest, String what) throws ModelLoadException {
        Set<String> available = new TreeSet<>(ai.djl.engine.Engine.getAllEngines());
        String wanted = manifest.engineOptions().get(DJL_ENGINE);
        if (wanted == null || wanted.isBlank()) {
            throw new ModelLoadException(what + ": engine: djl needs 'djl-engine' in model.yaml (one of " + available
                    + ")");
        }
        for (String name : available) {
            if (name.equalsIgnoreCase(wanted.strip())) {
                return name;
            }
        }
        throw new ModelLoadException(what + ": DJL engine '" + wanted + "' is not in this build (available: "
                + available + "); add its ai.djl engine artifact at the DJL version the build pins");
    }

    /**
     * DJL models do not describe their tensors (an XGBoost booster knows neither names nor shapes),
     * so requests could not be validated: the manifest must declare them.
     */
    private static ModelSignature signature(ModelManifest manifest, String engineName, String what)
            throws ModelLoadException {
        if (manifest.inputs().isEmpty() || manifest.outputs().isEmpty()) {
            throw new ModelLoadException(what + ": engine: djl needs 'inputs' and 'outputs' in model.yaml (names, "
                    + "datatypes, shapes): DJL " + engineName + " models do not describe their own tensors");
        }
        for (List<TensorSpec> specs : List.of(manifest.inputs(), manifest.outputs())) {
            for (TensorSpec t : specs) {
                if (DjlTypes.toDjl(t.datatype()) == null) {
                    throw new ModelLoadException(what + ": tensor '" + t.name() + "' is " + t.datatype()
                            + ", which DJL cannot carry");
                }
            }
        }
        if (engineName.equals("XGBoost")) {
            TensorSpec in = manifest.inputs().get(0);
            if (manifest.inputs().size() != 1 || in.datatype() != io.plumbline.tensor.DataType.FP32 || in.rank() != 2) {
                throw new ModelLoadException(what + ": DJL XGBoost takes exactly one FP32 input of shape "
                        + "[-1, <features>], model.yaml declares " + manifest.inputs());
            }
            for (TensorSpec out : manifest.outputs()) {
                if (out.datatype() != io.plumbline.tensor.DataType.FP32) {
                    throw new ModelLoadException(what + ": DJL XGBoost returns FP32, model.yaml declares output "
                            + out);
                }
            }
        }
        return new ModelSignature(manifest.inputs(), manifest.outputs());
    }

    private static ai.djl.Device device(ModelManifest manifest, String engineName, String what)
            throws ModelLoadException {
        Device device = manifest.device();
        if (!device.gpu()) {
            return ai.djl.Device.cpu();
        }
        int gpus;
        try {
            gpus = ai.djl.engine.Engine.getEngine(engineName).getGpuCount();
        } catch (RuntimeException | LinkageError e) {
            throw new ModelLoadException(what + ": DJL " + engineName + " cannot start: " + e, e);
        }
        if (device.index() < gpus) {
            return ai.djl.Device.gpu(device.index());
        }
        String why = "device " + device + " requested but DJL " + engineName + " sees " + gpus + " GPU(s)";
        if (manifest.fallbackToCpu()) {
            LOG.warn("{}: {}; falling back to CPU as the manifest allows", what, why);
            return ai.djl.Device.cpu();
        }
        throw new ModelLoadException(what + ": " + why + "; set 'device: cpu' or 'fallback: cpu' in model.yaml");
    }
}
