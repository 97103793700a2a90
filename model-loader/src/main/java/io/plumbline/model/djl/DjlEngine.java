package io.plumbline.model.djl;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.TranslateException;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.TensorSpec;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * One DJL model. DJL predictors are not thread-safe, so each {@link #run} opens its own predictor
 * and NDManager and closes both before returning: every native array of the call is freed with
 * them, and concurrent calls share only the model, whose forward pass is thread-safe for the
 * engines we serve (XGBoost's booster predict, ONNX Runtime's session run).
 */
final class DjlEngine implements Engine {
    private final ZooModel<NDList, NDList> model;
    private final ModelSignature signature;
    private final String device;

    DjlEngine(ZooModel<NDList, NDList> model, ModelSignature signature, String device) {
        this.model = model;
        this.signature = signature;
        this.device = device;
    }

    @Override
    public ModelSignature signature() {
        return signature;
    }

    @Override
    public String device() {
        return device;
    }

    @Override
    public List<Tensor> run(Map<String, Tensor> inputs, List<String> outputs) throws EngineException {
        try (NDManager manager = model.getNDManager().newSubManager();
                Predictor<NDList, NDList> predictor = model.newPredictor()) {
            NDList in = new NDList(signature.inputs().size());
            for (TensorSpec spec : signature.inputs()) {
                Tensor t = inputs.get(spec.name());
                if (t == null) {
                    throw new EngineException("input '" + spec.name() + "' is missing", null);
                }
                NDArray a = manager.create(nativeCopy(t.data()), new Shape(t.shape()), DjlTypes.toDjl(t.type()));
                a.setName(spec.name());
                in.add(a);
            }
            NDList out = predictor.predict(in);
            List<Tensor> result = new ArrayList<>(outputs.size());
            for (String name : outputs) {
                result.add(toTensor(name, pick(out, name)));
            }
            return result;
        } catch (TranslateException | RuntimeException e) {
            throw new EngineException(model.getName() + ": DJL failed: " + rootMessage(e), e);
        }
    }

    /**
     * Finds an output by name; engines that name nothing (XGBoost) are matched by position in
     * {@code model.yaml}'s order.
     */
    private NDArray pick(NDList out, String name) throws EngineException {
        for (NDArray a : out) {
            if (name.equals(a.getName())) {
                return a;
            }
        }
        List<TensorSpec> specs = signature.outputs();
        int index = -1;
        for (int i = 0; i < specs.size(); i++) {
            if (specs.get(i).name().equals(name)) {
                index = i;
            }
        }
        if (index < 0 || out.size() != specs.size()) {
            throw new EngineException("the model returned " + out.size() + " unnamed output(s) but model.yaml "
                    + "declares " + specs.size() + "; cannot tell which one is '" + name + "'", null);
        }
        return out.get(index);
    }

    private Tensor toTensor(String name, NDArray a) throws EngineException {
        TensorSpec spec = signature.output(name).orElseThrow();
        DataType type = DjlTypes.fromDjl(a.getDataType());
        if (type != spec.datatype()) {
            throw new EngineException("output '" + name + "' is " + a.getDataType() + " but model.yaml declares "
                    + spec.datatype() + "; fix the manifest's datatype", null);
        }
        long[] shape = reshape(spec.shape(), a.getShape().getShape());
        ByteBuffer bytes = a.toByteBuffer();
        ByteBuffer le = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        if (bytes.order() != ByteOrder.LITTLE_ENDIAN) {
            throw new EngineException("big-endian hosts are not supported", null);
        }
        le.put(bytes).flip();
        return Tensor.ofBytes(name, type, shape, le);
    }

    /**
     * The declared shape with its one variable dimension filled in, when the element count allows
     * it; XGBoost, for one, returns {@code [n]} for what a manifest may call {@code [-1, 1]}.
     */
    static long[] reshape(long[] declared, long[] actual) {
        long count = 1;
        for (long d : actual) {
            count *= d;
        }
        long known = 1;
        int variable = -1;
        for (int i = 0; i < declared.length; i++) {
            if (declared[i] < 0) {
                if (variable >= 0) {
                    return actual; // two variable dimensions: keep what the engine said
                }
                variable = i;
            } else {
                known *= declared[i];
            }
        }
        long[] shape = declared.clone();
        if (variable < 0) {
            return known == count ? shape : actual;
        }
        if (known == 0 || count % known != 0) {
            return actual;
        }
        shape[variable] = count / known;
        return shape;
    }

    /** DJL engines read native memory in native order; tensors carry little-endian bytes. */
    private static ByteBuffer nativeCopy(ByteBuffer littleEndian) {
        ByteBuffer src = littleEndian.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        ByteBuffer direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
        direct.put(src).flip();
        return direct;
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t == e ? String.valueOf(e.getMessage()) : e.getMessage() + " (" + t.getMessage() + ")";
    }

    @Override
    public void close() {
        model.close();
    }

    @Override
    public String toString() {
        return "DjlEngine[" + model.getName() + ", " + Arrays.toString(signature.inputs().toArray()) + "]";
    }
}
