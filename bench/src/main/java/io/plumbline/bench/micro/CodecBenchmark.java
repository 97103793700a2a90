package io.plumbline.bench.micro;

import io.plumbline.bench.BenchModels;
import io.plumbline.serving.inference.InferenceRequest;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.v2.BinaryTensors;
import io.plumbline.serving.v2.V2JsonCodec;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The V2 codec on the demo model's request ({@code rows} x 4 FP32) and response ({@code rows} x 5
 * FP32): JSON decode and encode, the binary extension's request (JSON header plus raw part), and
 * {@link BinaryTensors} on its own.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    @Param({"1", "64"})
    public int rows;

    private final V2JsonCodec codec = new V2JsonCodec();
    private byte[] jsonRequest;
    private byte[] binaryRequest;
    private int binaryHeaderLength;
    private byte[] rawInput;
    private InferenceResponse response;
    private Tensor output;
    private ByteBuffer encodeBuffer;

    @Setup
    public void setup() {
        float[] input = BenchModels.rows(BenchModels.DEMO, rows, 1);
        jsonRequest = jsonRequest(input).getBytes(StandardCharsets.UTF_8);

        ByteBuffer raw = ByteBuffer.allocate(input.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : input) {
            raw.putFloat(f);
        }
        rawInput = raw.array();
        byte[] header = ("{\"inputs\":[{\"name\":\"features\",\"shape\":[" + rows + ",4],\"datatype\":\"FP32\","
                + "\"parameters\":{\"binary_data_size\":" + rawInput.length + "}}],"
                + "\"parameters\":{\"binary_data_output\":true}}").getBytes(StandardCharsets.UTF_8);
        binaryHeaderLength = header.length;
        binaryRequest = new byte[header.length + rawInput.length];
        System.arraycopy(header, 0, binaryRequest, 0, header.length);
        System.arraycopy(rawInput, 0, binaryRequest, header.length, rawInput.length);

        float[] probabilities = new float[rows * 5];
        Random random = new Random(2);
        for (int i = 0; i < probabilities.length; i++) {
            probabilities[i] = random.nextFloat();
        }
        output = Tensor.ofFloats(BenchModels.DEMO_OUTPUT, new long[] {rows, 5}, probabilities);
        response = new InferenceResponse("weather", "1", "bench", List.of(output), List.of());
        encodeBuffer = ByteBuffer.allocate((int) BinaryTensors.size(output)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** The README's nested form: {@code [[p, tmax, tmin, wind], ...]}. */
    private String jsonRequest(float[] input) {
        StringBuilder b = new StringBuilder("{\"id\":\"bench\",\"inputs\":[{\"name\":\"features\",\"shape\":[")
                .append(rows).append(",4],\"datatype\":\"FP32\",\"data\":[");
        for (int r = 0; r < rows; r++) {
            b.append(r == 0 ? "[" : ",[");
            for (int c = 0; c < 4; c++) {
                b.append(c == 0 ? "" : ",").append(input[r * 4 + c]);
            }
            b.append(']');
        }
        return b.append("]}]}").toString();
    }

    @Benchmark
    public InferenceRequest decodeJson() {
        return codec.decodeRequest(jsonRequest);
    }

    @Benchmark
    public byte[] encodeJson() {
        return codec.encodeResponse(response);
    }

    /** The whole binary request: JSON header, then the raw part taken by {@code binary_data_size}. */
    @Benchmark
    public InferenceRequest decodeBinaryRequest() {
        return codec.decodeRequest(binaryRequest, binaryHeaderLength);
    }

    @Benchmark
    public Tensor binaryTensorDecode() {
        return BinaryTensors.decode("inputs[0]", "features", DataType.FP32, new long[] {rows, 4}, rawInput,
                InputLimits.DEFAULT);
    }

    @Benchmark
    public ByteBuffer binaryTensorEncode() {
        encodeBuffer.clear();
        BinaryTensors.encode(output, encodeBuffer);
        return encodeBuffer;
    }
}
