package io.plumbline.model.testing;

import static io.plumbline.model.testing.OnnxGraphs.floats;
import static io.plumbline.model.testing.OnnxGraphs.longs;
import static io.plumbline.model.testing.OnnxGraphs.node;
import static io.plumbline.model.testing.OnnxGraphs.tensor;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.plumbline.tensor.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Writes small ONNX models for tests and benchmarks. Each method writes {@code dir/model.onnx}
 * (creating {@code dir}) and returns that file; the same arguments always give the same bytes.
 */
public final class TestModels {

    private static final String PRODUCER = "plumbline-test-models";

    private TestModels() {
    }

    /**
     * {@code y = Identity(x)}, with {@code x} and {@code y} of the given element type and shape
     * [-1, -1] (symbolic dims {@code rows}, {@code cols}). Used to round-trip every datatype.
     */
    public static Path identity(Path dir, TensorProto.DataType elemType) throws IOException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("identity_" + elemType.name().toLowerCase(Locale.ROOT))
                .addInput(tensor("x", elemType, "rows", "cols"))
                .addOutput(tensor("y", elemType, "rows", "cols"))
                .addNode(node("Identity", List.of("x"), "y"))
                .build();
        return OnnxGraphs.write(OnnxGraphs.model(graph, PRODUCER), dir);
    }

    /** {@link #identity(Path, TensorProto.DataType)} for a serving datatype. */
    public static Path identity(Path dir, DataType dataType) throws IOException {
        return identity(dir, onnxType(dataType));
    }

    /** The ONNX element type that carries a serving datatype (BYTES travel as ONNX strings). */
    public static TensorProto.DataType onnxType(DataType dataType) {
        return switch (dataType) {
            case BOOL -> TensorProto.DataType.BOOL;
            case UINT8 -> TensorProto.DataType.UINT8;
            case UINT16 -> TensorProto.DataType.UINT16;
            case UINT32 -> TensorProto.DataType.UINT32;
            case UINT64 -> TensorProto.DataType.UINT64;
            case INT8 -> TensorProto.DataType.INT8;
            case INT16 -> TensorProto.DataType.INT16;
            case INT32 -> TensorProto.DataType.INT32;
            case INT64 -> TensorProto.DataType.INT64;
            case FP16 -> TensorProto.DataType.FLOAT16;
            case BF16 -> TensorProto.DataType.BFLOAT16;
            case FP32 -> TensorProto.DataType.FLOAT;
            case FP64 -> TensorProto.DataType.DOUBLE;
            case BYTES -> TensorProto.DataType.STRING;
        };
    }

    /**
     * FLOAT {@code x} of shape [-1] reshaped to the constant shape [3]. It loads fine (the input
     * length is unknown until run time), runs for exactly 3 elements and fails inside ONNX Runtime
     * for any other count: the way to provoke an engine failure on an otherwise valid request.
     */
    public static Path reshapeTo3(Path dir) throws IOException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("reshape_to_3")
                .addInput(tensor("x", TensorProto.DataType.FLOAT, "n"))
                .addOutput(tensor("y", TensorProto.DataType.FLOAT, 3))
                .addInitializer(longs("shape", new long[] {1}, new long[] {3}))
                .addNode(node("Reshape", List.of("x", "shape"), "y"))
                .build();
        return OnnxGraphs.write(OnnxGraphs.model(graph, PRODUCER), dir);
    }

    /**
     * A multi-layer perceptron: FLOAT {@code x} [batch, inputs], {@code layers} x (Gemm + Relu) of
     * width {@code hidden}, then a final Gemm to {@code outputs}: {@code y} [batch, outputs].
     * Weights are drawn from N(0, 1/fan_in) (std 1/sqrt(fan_in)) so activations stay near unit
     * scale however deep or wide it is; biases are N(0, 0.01^2). Same seed, same bytes:
     * {@link Random}'s sequence, nextGaussian included, is fixed by its specification.
     */
    public static Path mlp(Path dir, int inputs, int hidden, int layers, int outputs, long seed)
            throws IOException {
        if (inputs < 1 || outputs < 1 || layers < 0 || (layers > 0 && hidden < 1)) {
            throw new IllegalArgumentException("bad MLP size: inputs=" + inputs + " hidden=" + hidden
                    + " layers=" + layers + " outputs=" + outputs);
        }
        Random random = new Random(seed);
        GraphProto.Builder graph = GraphProto.newBuilder()
                .setName("mlp")
                .addInput(tensor("x", TensorProto.DataType.FLOAT, "batch", inputs))
                .addOutput(tensor("y", TensorProto.DataType.FLOAT, "batch", outputs));
        String current = "x";
        int width = inputs;
        for (int layer = 0; layer <= layers; layer++) {
            boolean last = layer == layers;
            int next = last ? outputs : hidden;
            String w = "w" + layer;
            String b = "b" + layer;
            graph.addInitializer(floats(w, new long[] {width, next},
                    gaussian(random, width * next, 1.0 / Math.sqrt(width))));
            graph.addInitializer(floats(b, new long[] {next}, gaussian(random, next, 0.01)));
            String gemm = last ? "y" : "gemm" + layer;
            graph.addNode(node("Gemm", List.of(current, w, b), gemm));
            if (!last) {
                String relu = "relu" + layer;
                graph.addNode(node("Relu", List.of(gemm), relu));
                current = relu;
            }
            width = next;
        }
        return OnnxGraphs.write(OnnxGraphs.model(graph.build(), PRODUCER), dir);
    }

    private static float[] gaussian(Random random, int count, double std) {
        float[] values = new float[count];
        for (int i = 0; i < count; i++) {
            values[i] = (float) (random.nextGaussian() * std);
        }
        return values;
    }
}
