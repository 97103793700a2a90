package io.plumbline.model.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import ai.onnxruntime.TensorInfo.OnnxTensorType;
import io.plumbline.tensor.DataType;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads every test model in ONNX Runtime itself (not through our engine code) so that a failure
 * here means the model is wrong, and a failure elsewhere means our code is.
 *
 * <p>It also pins down what the ORT 1.29 Java API can do per element type, which bounds the
 * datatypes serving can offer: fixed-size tensors go in and out as raw little-endian bytes via
 * {@code createTensor(env, ByteBuffer, shape, OnnxJavaType)} and {@code getByteBuffer()}, except
 * UINT16/UINT32/UINT64, for which {@link OnnxJavaType} has no constant to create an input.
 */
class TestModelsTest {

    private static final OrtEnvironment ENV = OrtEnvironment.getEnvironment();

    @TempDir
    Path dir;

    @Test
    void identityRoundTripsBool() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.BOOL, OnnxJavaType.BOOL, 1, b -> b.put(new byte[] {0, 1, 1, 0}));
    }

    @Test
    void identityRoundTripsUint8() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.UINT8, OnnxJavaType.UINT8, 1,
                b -> b.put(new byte[] {0, 1, 127, (byte) 0x80, (byte) 0xFE, (byte) 0xFF}));
    }

    @Test
    void identityRoundTripsInt8() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.INT8, OnnxJavaType.INT8, 1,
                b -> b.put(new byte[] {Byte.MIN_VALUE, -1, 0, 1, Byte.MAX_VALUE, 42}));
    }

    @Test
    void identityRoundTripsInt16() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.INT16, OnnxJavaType.INT16, 2,
                b -> b.putShort(Short.MIN_VALUE).putShort((short) -1).putShort((short) 0)
                        .putShort(Short.MAX_VALUE));
    }

    @Test
    void identityRoundTripsInt32() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.INT32, OnnxJavaType.INT32, 4,
                b -> b.putInt(Integer.MIN_VALUE).putInt(-1).putInt(0).putInt(Integer.MAX_VALUE));
    }

    @Test
    void identityRoundTripsInt64BeyondDoublePrecision() throws Exception {
        // 2^53 + 1 is the first integer a double (and so a JSON number parsed as one) cannot hold.
        long beyondDouble = (1L << 53) + 1;
        assertRawRoundTrip(TensorProto.DataType.INT64, OnnxJavaType.INT64, 8,
                b -> b.putLong(Long.MIN_VALUE).putLong(-beyondDouble).putLong(beyondDouble)
                        .putLong(Long.MAX_VALUE));
    }

    @Test
    void identityRoundTripsFloat16Bits() throws Exception {
        // 1.0, -65504 (lowest finite), smallest subnormal, +inf, a quiet NaN with payload, -0.0.
        assertRawRoundTrip(TensorProto.DataType.FLOAT16, OnnxJavaType.FLOAT16, 2,
                b -> b.putShort((short) 0x3C00).putShort((short) 0xFBFF).putShort((short) 0x0001)
                        .putShort((short) 0x7C00).putShort((short) 0x7E01).putShort((short) 0x8000));
    }

    @Test
    void identityRoundTripsBfloat16Bits() throws Exception {
        // 1.0, -1.0, smallest subnormal, +inf, a NaN, -0.0.
        assertRawRoundTrip(TensorProto.DataType.BFLOAT16, OnnxJavaType.BFLOAT16, 2,
                b -> b.putShort((short) 0x3F80).putShort((short) 0xBF80).putShort((short) 0x0001)
                        .putShort((short) 0x7F80).putShort((short) 0x7FC1).putShort((short) 0x8000));
    }

    @Test
    void identityRoundTripsFloat() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.FLOAT, OnnxJavaType.FLOAT, 4,
                b -> b.putFloat(1.5f).putFloat(-0.0f).putFloat(Float.MIN_VALUE).putFloat(Float.MAX_VALUE)
                        .putFloat(Float.NEGATIVE_INFINITY).putFloat(Float.NaN));
    }

    @Test
    void identityRoundTripsDouble() throws Exception {
        assertRawRoundTrip(TensorProto.DataType.DOUBLE, OnnxJavaType.DOUBLE, 8,
                b -> b.putDouble(0.1).putDouble(-0.0).putDouble(Double.MIN_VALUE)
                        .putDouble(Double.MAX_VALUE));
    }

    @Test
    void identityRoundTripsStrings() throws Exception {
        Path model = TestModels.identity(dir, DataType.BYTES);
        String[] values = {"", "plain", "h\u00e9llo \u2603", "emoji \uD83D\uDE00", "tab\tand\nnewline", "last"};
        try (OrtSession session = ENV.createSession(model.toString());
                OnnxTensor x = OnnxTensor.createTensor(ENV, values, new long[] {3, 2});
                OrtSession.Result result = session.run(Map.of("x", x))) {
            OnnxTensor y = (OnnxTensor) result.get("y").orElseThrow();
            assertEquals(OnnxTensorType.ONNX_TENSOR_ELEMENT_DATA_TYPE_STRING, y.getInfo().onnxType);
            assertArrayEquals(new long[] {3, 2}, y.getInfo().getShape());
            String[][] back = (String[][]) y.getValue();
            for (int i = 0; i < values.length; i++) {
                assertEquals(values[i], back[i / 2][i % 2]);
            }
        }
    }

    /**
     * ORT Java 1.29 can describe unsigned 16/32/64-bit inputs but cannot create them: there is no
     * OnnxJavaType for them, and a same-width signed tensor is rejected at run time. Serving must
     * therefore refuse UINT16/UINT32/UINT64 inputs for ONNX models. If this test starts failing,
     * ORT gained support and serving can offer those types.
     */
    @Test
    void unsignedWideInputsCannotBeFedFromJava() throws Exception {
        Map<DataType, OnnxJavaType> signedTwin = Map.of(
                DataType.UINT16, OnnxJavaType.INT16,
                DataType.UINT32, OnnxJavaType.INT32,
                DataType.UINT64, OnnxJavaType.INT64);
        for (OnnxJavaType t : OnnxJavaType.values()) {
            assertTrue(EnumSet.of(OnnxJavaType.UINT8).contains(t) || !t.name().startsWith("UINT"),
                    "ORT now has " + t + ": revisit unsigned support");
        }
        for (var entry : signedTwin.entrySet()) {
            Path model = TestModels.identity(dir.resolve(entry.getKey().name()), entry.getKey());
            try (OrtSession session = ENV.createSession(model.toString())) {
                TensorInfo info = (TensorInfo) session.getInputInfo().get("x").getInfo();
                assertEquals(TensorInfo.OnnxTensorType.valueOf(
                        "ONNX_TENSOR_ELEMENT_DATA_TYPE_" + entry.getKey().name()), info.onnxType);
                OnnxJavaType twin = entry.getValue();
                ByteBuffer bytes = direct(2 * twin.size);
                try (OnnxTensor x = OnnxTensor.createTensor(ENV, bytes, new long[] {1, 2}, twin)) {
                    assertThrows(OrtException.class, () -> session.run(Map.of("x", x)).close(),
                            entry.getKey() + " fed as " + twin);
                }
            }
        }
    }

    /** Unsigned outputs, by contrast, can be read: their raw bytes come back unchanged. */
    @Test
    void unsignedWideOutputsAreReadableAsRawBytes() throws Exception {
        for (TensorProto.DataType unsigned : List.of(TensorProto.DataType.UINT16,
                TensorProto.DataType.UINT32, TensorProto.DataType.UINT64)) {
            GraphProto graph = GraphProto.newBuilder()
                    .setName("cast")
                    .addInput(OnnxGraphs.tensor("x", TensorProto.DataType.INT64, "n"))
                    .addOutput(OnnxGraphs.tensor("y", unsigned, "n"))
                    .addNode(OnnxGraphs.node("Cast", List.of("x"), "y",
                            OnnxGraphs.intAttribute("to", unsigned.getNumber())))
                    .build();
            Path model = OnnxGraphs.write(OnnxGraphs.model(graph, "test"), dir.resolve(unsigned.name()));
            try (OrtSession session = ENV.createSession(model.toString());
                    OnnxTensor x = OnnxTensor.createTensor(ENV,
                            java.nio.LongBuffer.wrap(new long[] {-1L, 1L}), new long[] {2});
                    OrtSession.Result result = session.run(Map.of("x", x))) {
                OnnxTensor y = (OnnxTensor) result.get("y").orElseThrow();
                ByteBuffer raw = y.getByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
                int width = raw.capacity() / 2;
                // -1 cast to unsigned is all ones (UINT64 max for UINT64), then 1.
                for (int i = 0; i < width; i++) {
                    assertEquals((byte) 0xFF, raw.get(i), unsigned + " byte " + i);
                }
                assertEquals(1, raw.get(width));
                assertEquals(Map.of(TensorProto.DataType.UINT16, 2, TensorProto.DataType.UINT32, 4,
                        TensorProto.DataType.UINT64, 8).get(unsigned), width);
            }
        }
    }

    @Test
    void identityOverloadMapsEveryDataType() {
        for (DataType t : DataType.values()) {
            TensorProto.DataType onnx = TestModels.onnxType(t);
            String expected = switch (t) {
                case BYTES -> "STRING";
                case FP16 -> "FLOAT16";
                case BF16 -> "BFLOAT16";
                case FP32 -> "FLOAT";
                case FP64 -> "DOUBLE";
                default -> t.name();
            };
            assertEquals(expected, onnx.name());
        }
    }

    @Test
    void reshapeTo3RunsForThreeAndFailsAtRunForFour() throws Exception {
        Path model = TestModels.reshapeTo3(dir);
        // Loading must succeed: the failure has to come from a request, not from model load.
        try (OrtSession session = ENV.createSession(model.toString())) {
            try (OnnxTensor three = OnnxTensor.createTensor(ENV, new float[] {1, 2, 3});
                    OrtSession.Result result = session.run(Map.of("x", three))) {
                OnnxTensor y = (OnnxTensor) result.get("y").orElseThrow();
                assertArrayEquals(new float[] {1, 2, 3}, (float[]) y.getValue());
            }
            try (OnnxTensor four = OnnxTensor.createTensor(ENV, new float[] {1, 2, 3, 4})) {
                OrtException e = assertThrows(OrtException.class, () -> session.run(Map.of("x", four)).close());
                assertTrue(e.getMessage().contains("Reshape") || e.getMessage().contains("reshape"),
                        e.getMessage());
            }
        }
    }

    @Test
    void mlpHasTheRequestedShapeAndIsDeterministic() throws Exception {
        Path first = TestModels.mlp(dir.resolve("a"), 8, 16, 2, 3, 7L);
        Path second = TestModels.mlp(dir.resolve("b"), 8, 16, 2, 3, 7L);
        Path otherSeed = TestModels.mlp(dir.resolve("c"), 8, 16, 2, 3, 8L);
        assertArrayEquals(Files.readAllBytes(first), Files.readAllBytes(second));
        assertTrue(!java.util.Arrays.equals(Files.readAllBytes(first), Files.readAllBytes(otherSeed)));

        float[][] input = new float[5][8];
        for (int i = 0; i < 5; i++) {
            for (int j = 0; j < 8; j++) {
                input[i][j] = (i - 2) * 0.5f + j * 0.1f;
            }
        }
        try (OrtSession session = ENV.createSession(first.toString())) {
            NodeInfo in = session.getInputInfo().get("x");
            NodeInfo out = session.getOutputInfo().get("y");
            assertArrayEquals(new long[] {-1, 8}, ((TensorInfo) in.getInfo()).getShape());
            assertEquals("batch", ((TensorInfo) in.getInfo()).getDimensionNames()[0]);
            assertArrayEquals(new long[] {-1, 3}, ((TensorInfo) out.getInfo()).getShape());
            float[][] a = runMlp(session, input);
            float[][] b = runMlp(session, input);
            assertEquals(5, a.length);
            assertEquals(3, a[0].length);
            for (int i = 0; i < 5; i++) {
                assertArrayEquals(a[i], b[i]);
                for (float v : a[i]) {
                    assertTrue(Float.isFinite(v) && Math.abs(v) < 100, "unreasonable output " + v);
                }
            }
            // Rows are independent: a batch of one gives the same answer as its row in the batch.
            float[][] single = runMlp(session, new float[][] {input[3]});
            assertArrayEquals(a[3], single[0], 1e-6f);
        }
    }

    @Test
    void wideMlpLoads() throws Exception {
        Path model = TestModels.mlp(dir, 512, 512, 3, 512, 1L);
        try (OrtSession session = ENV.createSession(model.toString())) {
            float[][] out = runMlp(session, new float[4][512]);
            assertEquals(4, out.length);
            assertEquals(512, out[0].length);
        }
    }

    private static float[][] runMlp(OrtSession session, float[][] input) throws OrtException {
        try (OnnxTensor x = OnnxTensor.createTensor(ENV, input);
                OrtSession.Result result = session.run(Map.of("x", x))) {
            return (float[][]) result.get("y").orElseThrow().getValue();
        }
    }

    /**
     * Writes {@code values} into a direct little-endian buffer, runs it through the identity model
     * for {@code type} as a [2, n/2] tensor and checks the element type, shape and bytes that come
     * back.
     */
    private void assertRawRoundTrip(TensorProto.DataType type, OnnxJavaType javaType, int width,
            Consumer<ByteBuffer> values) throws Exception {
        ByteBuffer scratch = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        values.accept(scratch);
        scratch.flip();
        int count = scratch.remaining() / width;
        assertEquals(0, count % 2, "test values must fill two rows");
        ByteBuffer input = direct(scratch.remaining()).put(scratch);
        input.rewind();
        byte[] expected = new byte[input.remaining()];
        input.duplicate().get(expected);

        Path model = TestModels.identity(dir, type);
        long[] shape = {2, count / 2};
        try (OrtSession session = ENV.createSession(model.toString());
                OnnxTensor x = OnnxTensor.createTensor(ENV, input, shape, javaType);
                OrtSession.Result result = session.run(Map.of("x", x))) {
            OnnxTensor y = (OnnxTensor) result.get("y").orElseThrow();
            assertEquals(TensorInfo.OnnxTensorType.valueOf("ONNX_TENSOR_ELEMENT_DATA_TYPE_" + type.name()),
                    y.getInfo().onnxType);
            assertEquals(javaType, y.getInfo().type);
            assertArrayEquals(shape, y.getInfo().getShape());
            ByteBuffer raw = y.getByteBuffer();
            byte[] actual = new byte[raw.remaining()];
            raw.get(actual);
            assertArrayEquals(expected, actual, type + " bytes");
        }
    }

    private static ByteBuffer direct(int bytes) {
        return ByteBuffer.allocateDirect(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }
}
