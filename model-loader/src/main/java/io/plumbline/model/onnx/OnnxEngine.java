package io.plumbline.model.onnx;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.plumbline.model.ModelSignature;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineException;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.lang.reflect.Array;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One ONNX Runtime session. {@code OrtSession.run} is thread-safe, so one engine serves every
 * worker; input tensors are created per call from direct buffers and closed before returning.
 */
final class OnnxEngine implements Engine {
    private static final Logger LOG = LoggerFactory.getLogger(OnnxEngine.class);

    private final OrtEnvironment env;
    private final OrtSession session;
    private final ModelSignature signature;
    private final String device;
    private final OrtSession.SessionOptions options;

    OnnxEngine(OrtEnvironment env, OrtSession session, ModelSignature signature, String device,
            OrtSession.SessionOptions options) {
        this.env = env;
        this.session = session;
        this.signature = signature;
        this.device = device;
        this.options = options;
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
        Map<String, OnnxTensor> feeds = new HashMap<>();
        try {
            for (Map.Entry<String, Tensor> e : inputs.entrySet()) {
                feeds.put(e.getKey(), toOnnx(e.getValue()));
            }
            try (OrtSession.Result result = session.run(feeds, new LinkedHashSet<>(outputs))) {
                List<Tensor> out = new ArrayList<>(outputs.size());
                for (String name : outputs) {
                    Optional<OnnxValue> value = result.get(name);
                    if (value.isEmpty() || !(value.get() instanceof OnnxTensor t)) {
                        throw new EngineException("ONNX Runtime returned no tensor for output '" + name + "'", null);
                    }
                    out.add(fromOnnx(name, t));
                }
                return out;
            }
        } catch (OrtException e) {
            throw new EngineException("ONNX Runtime failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException | CharacterCodingException e) {
            throw new EngineException("input not accepted by ONNX Runtime: " + e.getMessage(), e);
        } finally {
            feeds.values().forEach(OnnxTensor::close);
        }
    }

    private OnnxTensor toOnnx(Tensor t) throws OrtException, CharacterCodingException {
        long[] shape = t.shape();
        if (t.type() == DataType.BYTES) {
            // ONNX Runtime strings are UTF-8 text: refuse other bytes rather than replace them silently.
            CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
            String[] strings = new String[(int) t.elementCount()];
            for (int i = 0; i < strings.length; i++) {
                try {
                    strings[i] = utf8.decode(ByteBuffer.wrap(t.string(i))).toString();
                } catch (CharacterCodingException e) {
                    throw new IllegalArgumentException("tensor '" + t.name() + "' element " + i
                            + " is not valid UTF-8", e);
                }
            }
            return OnnxTensor.createTensor(env, strings, shape);
        }
        // A direct buffer lets ONNX Runtime use the memory in place instead of copying it again.
        ByteBuffer src = t.data();
        ByteBuffer direct = ByteBuffer.allocateDirect(src.remaining()).order(ByteOrder.nativeOrder());
        direct.put(src.order(ByteOrder.LITTLE_ENDIAN)).flip();
        return OnnxTensor.createTensor(env, direct, shape, OnnxTypes.toJavaType(t.type()));
    }

    private static Tensor fromOnnx(String name, OnnxTensor t) throws OrtException, EngineException {
        long[] shape = t.getInfo().getShape();
        DataType type = OnnxTypes.toDataType(t.getInfo().onnxType);
        if (type == null) {
            throw new EngineException("output '" + name + "' has unsupported type " + t.getInfo().onnxType, null);
        }
        if (type == DataType.BYTES) {
            List<byte[]> flat = new ArrayList<>();
            flatten(t.getValue(), flat);
            return Tensor.ofStrings(name, shape, flat.toArray(new byte[0][]));
        }
        ByteBuffer bytes = t.getByteBuffer().order(ByteOrder.nativeOrder());
        ByteBuffer le = ByteBuffer.allocate(bytes.remaining()).order(ByteOrder.LITTLE_ENDIAN);
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            le.put(bytes).flip();
        } else {
            throw new EngineException("big-endian hosts are not supported", null);
        }
        return Tensor.ofBytes(name, type, shape, le);
    }

    private static void flatten(Object value, List<byte[]> out) {
        if (value instanceof String s) {
            out.add(s.getBytes(StandardCharsets.UTF_8));
        } else if (value != null && value.getClass().isArray()) {
            for (int i = 0, n = Array.getLength(value); i < n; i++) {
                flatten(Array.get(value, i), out);
            }
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            LOG.warn("closing ONNX Runtime session failed: {}", e.getMessage());
        } finally {
            options.close();
        }
    }
}
