package io.plumbline.serving.onboard;

import static io.plumbline.model.testing.OnnxGraphs.floats;
import static io.plumbline.model.testing.OnnxGraphs.intAttribute;
import static io.plumbline.model.testing.OnnxGraphs.node;
import static io.plumbline.model.testing.OnnxGraphs.tensor;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import io.plumbline.model.testing.OnnxGraphs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A second, different model for {@code models add}: two inputs of two datatypes, FLOAT {@code usage}
 * [batch, 2] (minutes, calls) and INT64 {@code tenure} [batch, 1], concatenated, one linear layer and a
 * softmax to {@code probabilities} [batch, 2] (stay, churn). Its answer has a closed form
 * ({@link #churn}), so tests check the model's outputs against arithmetic, not against the model.
 * Also writes its reference data, with the columns in another order than the tensors and an ID column.
 */
final class ChurnModel {
    /** logits = [minutes, calls, tenure] x W + B, W row-major [3, 2]. */
    static final float[] W = {0.01f, -0.01f, 0.4f, -0.4f, -0.05f, 0.05f};
    static final float[] B = {0.5f, -0.5f};
    static final int ROWS = 600;

    private ChurnModel() {
    }

    static Path write(Path file) throws IOException {
        GraphProto graph = GraphProto.newBuilder()
                .setName("churn")
                .addInput(tensor("usage", TensorProto.DataType.FLOAT, "batch", 2))
                .addInput(tensor("tenure", TensorProto.DataType.INT64, "batch", 1))
                .addOutput(tensor("probabilities", TensorProto.DataType.FLOAT, "batch", 2))
                .addInitializer(floats("w", new long[] {3, 2}, W))
                .addInitializer(floats("b", new long[] {2}, B))
                .addNode(node("Cast", List.of("tenure"), "tenure_f", intAttribute("to", 1)))
                .addNode(node("Concat", List.of("usage", "tenure_f"), "x", intAttribute("axis", 1)))
                .addNode(node("Gemm", List.of("x", "w", "b"), "logits"))
                .addNode(node("Softmax", List.of("logits"), "probabilities", intAttribute("axis", 1)))
                .build();
        Path written = OnnxGraphs.write(OnnxGraphs.model(graph, "plumbline-churn-test"),
                Files.createTempDirectory("churn-model"));
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.move(written, file);
        return file;
    }

    static double minutes(int i) {
        return 50 + (i * 37) % 300 + 0.5;
    }

    static int calls(int i) {
        return i % 7;
    }

    static int tenure(int i) {
        return 1 + (i * 13) % 60;
    }

    /** P(churn) by the softmax of two logits: 1 / (1 + exp(l_stay - l_churn)). */
    static double churn(int i) {
        double stay = minutes(i) * W[0] + calls(i) * W[2] + tenure(i) * W[4] + B[0];
        double churn = minutes(i) * W[1] + calls(i) * W[3] + tenure(i) * W[5] + B[1];
        return 1 / (1 + Math.exp(stay - churn));
    }

    /** The reference data: customer, tenure, calls, minutes (not the tensors' order). */
    static Path data(Path file) throws IOException {
        StringBuilder b = new StringBuilder("customer,tenure,calls,minutes\n");
        for (int i = 0; i < ROWS; i++) {
            b.append(String.format(Locale.ROOT, "c%04d,%d,%d,%s%n", i, tenure(i), calls(i), minutes(i)));
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, b);
        return file;
    }
}
