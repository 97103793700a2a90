package io.plumbline.model.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.OrtSession.SessionOptions;
import ai.onnxruntime.OrtSession.SessionOptions.OptLevel;
import ai.onnxruntime.TensorInfo;
import io.plumbline.model.Device;
import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineFactory;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.tensor.DataType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Loads {@code model.onnx} files into ONNX Runtime sessions. */
public final class OnnxEngineFactory implements EngineFactory {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEngineFactory.class);
    public static final String MODEL_FILE = "model.onnx";

    private final EngineOptions options;
    private final OrtEnvironment env;

    public OnnxEngineFactory(EngineOptions options) {
        this.options = options;
        this.env = OrtEnvironment.getEnvironment();
    }

    @Override
    public String name() {
        return ModelManifest.ONNX_RUNTIME;
    }

    @Override
    public Engine load(Path versionDirectory, ModelManifest manifest, String what) throws ModelLoadException {
        Path file = versionDirectory.resolve(MODEL_FILE);
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(what + ": no " + MODEL_FILE + " in the version directory");
        }
        SessionOptions so = new SessionOptions();
        try {
            String device = configure(so, manifest, what);
            OrtSession session;
            try {
                session = env.createSession(file.toString(), so);
            } catch (OrtException e) {
                throw new ModelLoadException(what + ": ONNX Runtime cannot load " + MODEL_FILE + ": "
                        + e.getMessage(), e);
            }
            try {
                ModelSignature signature = merge(read(session, what), manifest, what);
                return new OnnxEngine(env, session, signature, device, so);
            } catch (ModelLoadException | RuntimeException e) {
                closeQuietly(session);
                throw e;
            }
        } catch (ModelLoadException | RuntimeException e) {
            so.close();
            throw e;
        } catch (OrtException e) {
            so.close();
            throw new ModelLoadException(what + ": ONNX Runtime session options refused: " + e.getMessage(), e);
        }
    }

    private String configure(SessionOptions so, ModelManifest manifest, String what)
            throws OrtException, ModelLoadException {
        if (options.intraOpThreads() > 0) {
            so.setIntraOpNumThreads(options.intraOpThreads());
        }
        if (options.interOpThreads() > 0) {
            so.setInterOpNumThreads(options.interOpThreads());
        }
        so.setOptimizationLevel(switch (options.optimization()) {
            case "none" -> OptLevel.NO_OPT;
            case "basic" -> OptLevel.BASIC_OPT;
            case "extended" -> OptLevel.EXTENDED_OPT;
            default -> OptLevel.ALL_OPT;
        });
        Device device = manifest.device();
        if (!device.gpu()) {
            return "cpu";
        }
        try {
            so.addCUDA(device.index());
            return device.toString();
        } catch (OrtException | RuntimeException e) {
            String why = "device " + device + " requested but ONNX Runtime's CUDA execution provider is not "
                    + "available (" + e.getMessage() + "). Build with -Pgpu on a machine with CUDA and cuDNN, "
                    + "or set 'device: cpu' or 'fallback: cpu' in model.yaml";
            if (manifest.fallbackToCpu()) {
                LOG.warn("{}: {}; falling back to CPU as the manifest allows", what, why);
                return "cpu";
            }
            throw new ModelLoadException(what + ": " + why, e);
        }
    }

    private static ModelSignature read(OrtSession session, String what) throws ModelLoadException {
        try {
            return new ModelSignature(specs(session.getInputInfo(), what, "input"),
                    specs(session.getOutputInfo(), what, "output"));
        } catch (OrtException e) {
            throw new ModelLoadException(what + ": cannot read the model's signature: " + e.getMessage(), e);
        }
    }

    private static List<TensorSpec> specs(Map<String, NodeInfo> infos, String what, String kind)
            throws ModelLoadException {
        List<TensorSpec> out = new ArrayList<>();
        for (NodeInfo node : infos.values()) {
            if (!(node.getInfo() instanceof TensorInfo info)) {
                throw new ModelLoadException(what + ": " + kind + " '" + node.getName() + "' is not a tensor ("
                        + node.getInfo() + "); only tensor inputs and outputs can be served");
            }
            DataType type = OnnxTypes.toDataType(info.onnxType);
            if (type == null || type == DataType.UINT16 || type == DataType.UINT32 || type == DataType.UINT64) {
                throw new ModelLoadException(what + ": " + kind + " '" + node.getName() + "' has element type "
                        + info.onnxType + ", which ONNX Runtime's Java API cannot carry");
            }
            out.add(new TensorSpec(node.getName(), type, info.getShape()));
        }
        return out;
    }

    /**
     * The manifest may name a subset of the tensors and adds feature names and labels; it may not
     * contradict the model, since requests validated against a wrong signature would fail late.
     */
    static ModelSignature merge(ModelSignature model, ModelManifest manifest, String what) throws ModelLoadException {
        return new ModelSignature(merge(model.inputs(), manifest.inputs(), what, "input"),
                merge(model.outputs(), manifest.outputs(), what, "output"));
    }

    private static List<TensorSpec> merge(List<TensorSpec> model, List<TensorSpec> declared, String what, String kind)
            throws ModelLoadException {
        for (TensorSpec d : declared) {
            if (model.stream().noneMatch(m -> m.name().equals(d.name()))) {
                throw new ModelLoadException(what + ": model.yaml declares " + kind + " '" + d.name()
                        + "' but the model's " + kind + "s are " + model.stream().map(TensorSpec::name).toList());
            }
        }
        List<TensorSpec> out = new ArrayList<>();
        for (TensorSpec m : model) {
            TensorSpec d = declared.stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
            if (d == null) {
                out.add(m);
                continue;
            }
            if (d.datatype() != m.datatype()) {
                throw new ModelLoadException(what + ": model.yaml says " + kind + " '" + d.name() + "' is "
                        + d.datatype() + " but the model has " + m.datatype());
            }
            long[] ms = m.shape();
            long[] ds = d.shape();
            if (ms.length != ds.length) {
                throw new ModelLoadException(what + ": model.yaml gives " + kind + " '" + d.name() + "' shape "
                        + Arrays.toString(ds) + " but the model has rank " + ms.length + " " + Arrays.toString(ms));
            }
            for (int i = 0; i < ms.length; i++) {
                if (ms[i] >= 0 && ds[i] >= 0 && ms[i] != ds[i]) {
                    throw new ModelLoadException(what + ": model.yaml gives " + kind + " '" + d.name()
                            + "' shape " + Arrays.toString(ds) + " but the model has " + Arrays.toString(ms));
                }
            }
            int width = ds.length == 0 ? -1 : (int) Math.max(ds[ds.length - 1], ms[ms.length - 1]);
            if (!d.features().isEmpty() && width >= 0 && d.features().size() != width) {
                throw new ModelLoadException(what + ": " + kind + " '" + d.name() + "' lists "
                        + d.features().size() + " features for a last dimension of " + width);
            }
            if (!d.labels().isEmpty() && width >= 0 && d.labels().size() != width) {
                throw new ModelLoadException(what + ": " + kind + " '" + d.name() + "' lists "
                        + d.labels().size() + " labels for a last dimension of " + width);
            }
            long[] shape = new long[ms.length];
            for (int i = 0; i < ms.length; i++) {
                shape[i] = ms[i] >= 0 ? ms[i] : ds[i];
            }
            out.add(new TensorSpec(m.name(), m.datatype(), shape, d.features(), d.labels()));
        }
        return out;
    }

    private static void closeQuietly(OrtSession session) {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.debug("closing a session that failed to load", e);
        }
    }
}
