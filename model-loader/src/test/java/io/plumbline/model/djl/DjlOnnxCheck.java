package io.plumbline.model.djl;

import io.plumbline.model.ManifestReader;
import io.plumbline.model.ModelManifest;
import io.plumbline.model.engine.Engine;
import io.plumbline.model.engine.EngineOptions;
import io.plumbline.model.onnx.OnnxEngineFactory;
import io.plumbline.tensor.Tensor;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Runs in a fresh JVM (started by {@link DjlEngineFactoryTest}) with the factories created in
 * serving's order, DJL first: the demo ONNX model through DJL's OnnxRuntime must give what the
 * direct ONNX engine gives. A fresh JVM because ONNX Runtime's environment is one per process and
 * other tests in the suite create it first. Exits 0 when equal, 1 with the difference otherwise.
 */
final class DjlOnnxCheck {
    private DjlOnnxCheck() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        ModelManifest onnx = ManifestReader.read(dir.resolve("onnx.yaml"), "onnx.yaml");
        ModelManifest djl = ManifestReader.read(dir.resolve("djl.yaml"), "djl.yaml");
        DjlEngineFactory djlFactory = new DjlEngineFactory(EngineOptions.DEFAULT);
        OnnxEngineFactory onnxFactory = new OnnxEngineFactory(EngineOptions.DEFAULT);
        Tensor in = Tensor.ofFloats("features", new long[] {3, 4}, 0f, 13.3f, 5f, 3.1f, 20.5f, 8f, 4f, 6f, 1.2f, 25f,
                14f, 2.2f);
        try (Engine viaDjl = djlFactory.load(dir, djl, "weather/djl");
                Engine direct = onnxFactory.load(dir, onnx, "weather/onnx")) {
            Tensor a = viaDjl.run(Map.of("features", in), List.of("probabilities")).get(0);
            Tensor b = direct.run(Map.of("features", in), List.of("probabilities")).get(0);
            if (a.elementCount() != b.elementCount() || a.elementCount() != 15) {
                fail("shapes differ: " + a + " vs " + b);
            }
            for (int i = 0; i < a.elementCount(); i++) {
                if (Math.abs(a.getFloat(i) - b.getFloat(i)) > 1e-6f) {
                    fail("element " + i + ": DJL " + a.getFloat(i) + ", direct " + b.getFloat(i));
                }
            }
        }
        System.out.println("DJL OnnxRuntime matches the direct engine");
    }

    private static void fail(String message) {
        System.out.println(message);
        System.exit(1);
    }
}
