package io.plumbline.serving.onboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.plumbline.model.testing.OnnxGraphs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What YOUR-MODEL.md promises about versions, against the runtime the build ships: the ONNX Runtime
 * version, and the opsets a model may be stamped with (a Relu graph loads at the lowest and the highest
 * stated opset, and is refused one above). When the runtime is upgraded this fails until the guide says
 * the new numbers.
 */
class OnnxOpsetRangeTest {
    private static final Path GUIDE = Path.of("..", "YOUR-MODEL.md");
    private static final String RUNTIME = "1.29.0";
    private static final int ONNX_MIN = 7;
    private static final int ONNX_MAX = 26;
    private static final int ML_MAX = 5;

    @TempDir
    Path tmp;

    @Test
    void theGuideStatesTheShippedRuntimeAndItsOpsetRange() throws Exception {
        String guide = Files.readString(GUIDE);
        assertTrue(guide.contains("**ONNX Runtime " + RUNTIME + "**"), "the guide names ONNX Runtime " + RUNTIME);
        assertTrue(guide.contains("opset **" + ONNX_MIN + " to " + ONNX_MAX + "** of the `ai.onnx` domain and **1 to "
                + ML_MAX + "** of\n`ai.onnx.ml`"), "the guide states the opset range");
        assertEquals(RUNTIME, OrtEnvironment.getEnvironment().getVersion());

        load(ONNX_MIN, 1);
        load(ONNX_MAX, ML_MAX);
        OrtException onnx = assertThrows(OrtException.class, () -> load(ONNX_MAX + 1, 1));
        assertTrue(onnx.getMessage().contains("support for domain ai.onnx is till opset " + ONNX_MAX), onnx.getMessage());
        OrtException ml = assertThrows(OrtException.class, () -> load(ONNX_MAX, ML_MAX + 1));
        assertTrue(ml.getMessage().contains("Opset " + (ML_MAX + 1)), ml.getMessage());
    }

    /** Loads {@code y = Relu(x)} stamped with the given opsets of ai.onnx and ai.onnx.ml. */
    private void load(int onnxOpset, int mlOpset) throws Exception {
        GraphProto graph = GraphProto.newBuilder().setName("relu")
                .addInput(OnnxGraphs.tensor("x", TensorProto.DataType.FLOAT, "n"))
                .addOutput(OnnxGraphs.tensor("y", TensorProto.DataType.FLOAT, "n"))
                .addNode(OnnxGraphs.node("Relu", List.of("x"), "y")).build();
        ModelProto model = ModelProto.newBuilder().setIrVersion(OnnxGraphs.IR_VERSION).setGraph(graph)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(onnxOpset))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx.ml").setVersion(mlOpset))
                .build();
        Path file = OnnxGraphs.write(model, Files.createTempDirectory(tmp, "opset"));
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(file.toString())) {
            assertEquals(List.of("x"), List.copyOf(s.getInputNames()));
        }
    }
}
