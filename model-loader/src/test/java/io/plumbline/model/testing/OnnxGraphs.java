package io.plumbline.model.testing;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Thin helpers over the generated ONNX protobuf classes ({@code ai.onnx.proto.OnnxMl}, from
 * tribuo-util-onnx), so that graphs written by hand read like the ONNX they produce.
 *
 * <p>Everything written here is a pure function of its arguments (no timestamps, no random names),
 * so a builder called twice writes byte-identical files.
 */
public final class OnnxGraphs {

    /** Default-domain opset: 13 is old enough for every runtime we target and has all ops we use. */
    public static final long OPSET = 13;

    /** IR version 8 (2021-07-30) pairs with opset 13..15; ONNX Runtime 1.29 reads IR up to 11. */
    public static final long IR_VERSION = 8;

    /** The file name every builder writes into its directory, as the model repository expects. */
    public static final String MODEL_FILE = "model.onnx";

    private OnnxGraphs() {
    }

    /**
     * A tensor-typed graph input or output. Each dim is an {@link Integer}/{@link Long} (fixed size)
     * or a {@link String} (a symbolic dim such as {@code "batch"}, which runtimes report as -1).
     */
    public static ValueInfoProto tensor(String name, TensorProto.DataType type, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object dim : dims) {
            TensorShapeProto.Dimension.Builder d = TensorShapeProto.Dimension.newBuilder();
            if (dim instanceof String param) {
                d.setDimParam(param);
            } else if (dim instanceof Integer || dim instanceof Long) {
                d.setDimValue(((Number) dim).longValue());
            } else {
                throw new IllegalArgumentException("dim must be a number or a symbolic name: " + dim);
            }
            shape.addDim(d);
        }
        TypeProto.Tensor tensorType =
                TypeProto.Tensor.newBuilder().setElemType(type.getNumber()).setShape(shape).build();
        return ValueInfoProto.newBuilder()
                .setName(name)
                .setType(TypeProto.newBuilder().setTensorType(tensorType))
                .build();
    }

    /** A FLOAT constant (initializer), stored as little-endian raw_data as the ONNX spec requires. */
    public static TensorProto floats(String name, long[] dims, float[] values) {
        checkCount(dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return constant(name, TensorProto.DataType.FLOAT, dims, raw);
    }

    /** An INT64 constant (initializer), e.g. a Reshape target shape. */
    public static TensorProto longs(String name, long[] dims, long[] values) {
        checkCount(dims, values.length);
        ByteBuffer raw = ByteBuffer.allocate(values.length * Long.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asLongBuffer().put(values);
        return constant(name, TensorProto.DataType.INT64, dims, raw);
    }

    /** One operator node; its name is its first output, which keeps names unique and stable. */
    public static NodeProto node(String opType, List<String> inputs, List<String> outputs,
            AttributeProto... attributes) {
        return NodeProto.newBuilder()
                .setOpType(opType)
                .setName(outputs.get(0))
                .addAllInput(inputs)
                .addAllOutput(outputs)
                .addAllAttribute(List.of(attributes))
                .build();
    }

    /** A single-output node. */
    public static NodeProto node(String opType, List<String> inputs, String output,
            AttributeProto... attributes) {
        return node(opType, inputs, List.of(output), attributes);
    }

    public static AttributeProto intAttribute(String name, long value) {
        return AttributeProto.newBuilder()
                .setName(name)
                .setType(AttributeProto.AttributeType.INT)
                .setI(value)
                .build();
    }

    /** Wraps a graph in a model with our opset and IR version. */
    public static ModelProto model(GraphProto graph, String producer) {
        return ModelProto.newBuilder()
                .setIrVersion(IR_VERSION)
                .setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(OPSET))
                .setGraph(graph)
                .build();
    }

    /** Writes {@code dir/model.onnx} (creating {@code dir}) and returns the file. */
    public static Path write(ModelProto model, Path dir) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(MODEL_FILE);
        try (OutputStream out = Files.newOutputStream(file)) {
            model.writeTo(out);
        }
        return file;
    }

    private static TensorProto constant(String name, TensorProto.DataType type, long[] dims,
            ByteBuffer raw) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(type.getNumber());
        for (long d : dims) {
            t.addDims(d);
        }
        return t.setRawData(ByteString.copyFrom(raw.array())).build();
    }

    private static void checkCount(long[] dims, int count) {
        long expected = 1;
        for (long d : dims) {
            expected *= d;
        }
        if (expected != count) {
            throw new IllegalArgumentException(
                    "shape holds " + expected + " elements but " + count + " values given");
        }
    }
}
