package io.plumbline.serving.grpc;

import com.google.protobuf.ByteString;
import io.plumbline.serving.grpc.v2.InferParameter;
import io.plumbline.serving.grpc.v2.InferTensorContents;
import io.plumbline.serving.grpc.v2.ModelInferRequest;
import io.plumbline.serving.grpc.v2.ModelInferResponse;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceRequest;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.serving.inference.RequestedOutput;
import io.plumbline.serving.v2.BinaryTensors;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Converts between V2 gRPC messages and protocol-independent requests and responses. Raw
 * contents use the binary extension's layout, so they share {@link BinaryTensors} with REST.
 */
final class GrpcTensors {
    private GrpcTensors() {
    }

    static InferenceRequest decode(ModelInferRequest request, InputLimits limits) {
        limits.checkInputCount(request.getInputsCount());
        boolean raw = request.getRawInputContentsCount() > 0;
        if (raw && request.getRawInputContentsCount() != request.getInputsCount()) {
            throw InferenceException.invalid("raw_input_contents has " + request.getRawInputContentsCount()
                    + " entries but there are " + request.getInputsCount() + " inputs");
        }
        List<Tensor> inputs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long elements = 0;
        for (int i = 0; i < request.getInputsCount(); i++) {
            ModelInferRequest.InferInputTensor in = request.getInputs(i);
            String field = "inputs[" + i + "] ('" + Quoted.of(in.getName()) + "')";
            if (in.getName().isEmpty()) {
                throw InferenceException.invalid("inputs[" + i + "] has no name");
            }
            if (!names.add(in.getName())) {
                throw InferenceException.invalid(field + ": the input is given twice");
            }
            DataType type = DataType.fromWireName(in.getDatatype());
            if (type == null) {
                throw InferenceException.invalid(field + ".datatype '" + Quoted.of(in.getDatatype())
                        + "' is not a V2 datatype");
            }
            limits.checkRank(field, in.getShapeCount());
            long[] shape = in.getShapeList().stream().mapToLong(Long::longValue).toArray();
            for (int d = 0; d < shape.length; d++) {
                if (shape[d] < 0) {
                    throw InferenceException.invalid(field + ".shape[" + d + "] must be a non-negative integer");
                }
            }
            long count;
            try {
                count = Shape.elementCount(shape);
            } catch (ArithmeticException e) {
                throw InferenceException.invalid(field + ".shape " + Shape.format(shape) + " is too large");
            }
            InputLimits.requireBodyCanHold(field, shape, count, request.getSerializedSize());
            elements = limits.checkElements(field, count, elements);
            if (raw) {
                if (in.hasContents()) {
                    throw InferenceException.invalid(field + " has contents while raw_input_contents is used: send one");
                }
                inputs.add(BinaryTensors.decode(field, in.getName(), type, shape,
                        request.getRawInputContents(i).toByteArray(), limits));
            } else {
                inputs.add(typed(field, in.getName(), type, shape, count, in.getContents(), limits));
            }
        }
        if (inputs.isEmpty()) {
            throw InferenceException.invalid("request has no inputs");
        }
        List<RequestedOutput> outputs = new ArrayList<>();
        for (ModelInferRequest.InferRequestedOutputTensor o : request.getOutputsList()) {
            outputs.add(new RequestedOutput(o.getName(), false));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        request.getParametersMap().forEach((k, v) -> parameters.put(k, value(k, v)));
        return new InferenceRequest(request.getId(), parameters, inputs, outputs);
    }

    private static Object value(String key, InferParameter p) {
        return switch (p.getParameterChoiceCase()) {
            case BOOL_PARAM -> p.getBoolParam();
            case INT64_PARAM -> p.getInt64Param();
            case STRING_PARAM -> p.getStringParam();
            // An empty InferParameter once became a null value and a 500 (UNKNOWN) further on.
            case PARAMETERCHOICE_NOT_SET -> throw InferenceException.invalid("parameters['" + Quoted.of(key)
                    + "'] has no value: set bool_param, int64_param or string_param, or leave it out");
        };
    }

    private static Tensor typed(String field, String name, DataType type, long[] shape, long count,
            InferTensorContents c, InputLimits limits) {
        int n = switch (type) {
            case BOOL -> c.getBoolContentsCount();
            case INT8, INT16, INT32 -> c.getIntContentsCount();
            case INT64 -> c.getInt64ContentsCount();
            case UINT8, UINT16, UINT32 -> c.getUintContentsCount();
            case UINT64 -> c.getUint64ContentsCount();
            case FP32 -> c.getFp32ContentsCount();
            case FP64 -> c.getFp64ContentsCount();
            case BYTES -> c.getBytesContentsCount();
            case FP16, BF16 -> throw InferenceException.invalid(field + ": " + type
                    + " has no typed contents field; send it in raw_input_contents");
        };
        if (n != count) {
            throw InferenceException.invalid(field + ": contents has " + n + " elements but shape "
                    + Shape.format(shape) + " needs " + count);
        }
        if (type == DataType.BYTES) {
            byte[][] s = new byte[n][];
            for (int i = 0; i < n; i++) {
                ByteString element = c.getBytesContents(i);
                limits.checkBytesElement(field, i, element.size());
                s[i] = element.toByteArray();
            }
            return Tensor.ofStrings(name, shape, s);
        }
        ByteBuffer b = Tensor.allocate(count, type.byteSize());
        for (int i = 0; i < n; i++) {
            switch (type) {
                case BOOL -> b.put((byte) (c.getBoolContents(i) ? 1 : 0));
                case INT8 -> b.put((byte) range(field, i, c.getIntContents(i), Byte.MIN_VALUE, Byte.MAX_VALUE, type));
                case INT16 -> b.putShort((short) range(field, i, c.getIntContents(i), Short.MIN_VALUE,
                        Short.MAX_VALUE, type));
                case INT32 -> b.putInt(c.getIntContents(i));
                case INT64 -> b.putLong(c.getInt64Contents(i));
                case UINT8 -> b.put((byte) range(field, i, Integer.toUnsignedLong(c.getUintContents(i)), 0, 255, type));
                case UINT16 -> b.putShort((short) range(field, i, Integer.toUnsignedLong(c.getUintContents(i)), 0,
                        65535, type));
                case UINT32 -> b.putInt(c.getUintContents(i));
                case UINT64 -> b.putLong(c.getUint64Contents(i));
                case FP32 -> b.putFloat(c.getFp32Contents(i));
                case FP64 -> b.putDouble(c.getFp64Contents(i));
                default -> throw new IllegalStateException("unreachable: " + type);
            }
        }
        b.flip();
        return Tensor.ofBytes(name, type, shape, b);
    }

    private static long range(String field, int i, long v, long min, long max, DataType type) {
        if (v < min || v > max) {
            throw InferenceException.invalid(field + ".contents[" + i + "] " + v + " is out of range for " + type
                    + " [" + min + ", " + max + "]");
        }
        return v;
    }

    /**
     * @param raw answer in raw_output_contents (always so when an output has no typed field)
     */
    static ModelInferResponse encode(InferenceResponse response, boolean raw) {
        boolean useRaw = raw || response.outputs().stream()
                .anyMatch(t -> t.type() == DataType.FP16 || t.type() == DataType.BF16);
        ModelInferResponse.Builder b = ModelInferResponse.newBuilder()
                .setModelName(response.model())
                .setModelVersion(response.version())
                .setId(response.id());
        for (Tensor t : response.outputs()) {
            ModelInferResponse.InferOutputTensor.Builder o = ModelInferResponse.InferOutputTensor.newBuilder()
                    .setName(t.name())
                    .setDatatype(t.type().wireName());
            for (int d = 0; d < t.rank(); d++) {
                o.addShape(t.dim(d));
            }
            if (useRaw) {
                ByteBuffer buf = ByteBuffer.allocate((int) BinaryTensors.size(t));
                BinaryTensors.encode(t, buf);
                buf.flip();
                b.addRawOutputContents(ByteString.copyFrom(buf));
            } else {
                o.setContents(contents(t));
            }
            b.addOutputs(o);
        }
        return b.build();
    }

    private static InferTensorContents contents(Tensor t) {
        InferTensorContents.Builder c = InferTensorContents.newBuilder();
        int n = (int) t.elementCount();
        for (int i = 0; i < n; i++) {
            switch (t.type()) {
                case BOOL -> c.addBoolContents(t.getByte(i) != 0);
                case INT8 -> c.addIntContents(t.getByte(i));
                case INT16 -> c.addIntContents(t.getShort(i));
                case INT32 -> c.addIntContents(t.getInt(i));
                case INT64 -> c.addInt64Contents(t.getLong(i));
                case UINT8 -> c.addUintContents(Byte.toUnsignedInt(t.getByte(i)));
                case UINT16 -> c.addUintContents(Short.toUnsignedInt(t.getShort(i)));
                case UINT32 -> c.addUintContents(t.getInt(i));
                case UINT64 -> c.addUint64Contents(t.getLong(i));
                case FP32 -> c.addFp32Contents(t.getFloat(i));
                case FP64 -> c.addFp64Contents(t.getDouble(i));
                case BYTES -> c.addBytesContents(ByteString.copyFrom(t.string(i)));
                case FP16, BF16 -> throw new IllegalStateException("FP16/BF16 outputs are sent raw");
            }
        }
        return c.build();
    }
}
