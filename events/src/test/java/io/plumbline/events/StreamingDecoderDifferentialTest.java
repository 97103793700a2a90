package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Tensor;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The streaming JSON decoder ({@link PredictionEventCodec#decode}) gives what the tree decoder it replaced
 * ({@link TreeEventDecoder}) gives, for valid and invalid documents alike: the same event, value for value,
 * or a refusal naming the same field with the same message. The corpus is the fuzzing seeds, hand-picked
 * documents for the cases streaming makes hard (fields out of order, defects in several fields), and
 * random events, each also mutated: fields shuffled, removed, added or given another value, bytes cut,
 * changed or repeated.
 */
class StreamingDecoderDifferentialTest {
    private static final String SEEDS = "CloudEventDecoderFuzzTestInputs/anyRecord_givesAnEventOrAnEventFormatException/";
    private static final String HEAD = "\"model\":\"m\",\"version\":\"1\",\"id\":\"r\",\"timestamp\":\"2025-01-01T00:00:00Z\","
            + "\"latency_us\":5";
    private static final String[] VALUES = {"null", "true", "false", "\"x\"", "\"\"", "-1", "0", "1", "2", "1.5", "-0.0",
        "1e400", "1e39", "-1e39", "18446744073709551615", "18446744073709551616", "-9223372036854775809",
        "9223372036854775807", "[]", "{}", "[1,2]", "[[1,2]]", "{\"a\":1}", "\"NaN\"", "\"Infinity\"", "\"nan\"",
        "\"2025-01-01T00:00:00Z\"", "\"2025-13-01T00:00:00Z\"", "128", "65536", "4294967296", "\"FP32\"", "\"BYTES\"",
        "[4294967296,4294967296]", "[0]", "[-1]", "[1.0]", "{\"count\":0,\"non_finite\":0,\"head\":[]}",
        "\"" + "long".repeat(20) + "\""};
    private static final byte[] NOISE = "{}[]:,\"0-.eE \\9xtn".getBytes(StandardCharsets.US_ASCII);

    private final PredictionEventCodec codec = new PredictionEventCodec();
    private final TreeEventDecoder oracle = new TreeEventDecoder();
    private final ObjectMapper mapper = new ObjectMapper();
    private int refused;

    @Test
    void seedsAndHandPickedDocuments_decodeAsTheTreeDecoderDid() throws IOException {
        for (String seed : List.of("seed-body.json", "seed-null-parameter.json")) {
            try (InputStream in = getClass().getResourceAsStream(SEEDS + seed)) {
                assertAlike(in.readAllBytes());
            }
        }
        String fp32 = "{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":[1,2]}";
        List<String> docs = List.of("", " ", "{}", "[]", "5", "5 6", "{} {}", "{} x", "{\"a\":1,\"a\":2}", "{\"a\":",
                "{" + HEAD + ",\"inputs\":[" + fp32 + "],\"outputs\":[]}",
                // Fields in any order; data and summary before the datatype and shape they depend on.
                "{\"outputs\":[],\"inputs\":[{\"data\":[1,2],\"shape\":[2],\"datatype\":\"FP32\",\"name\":\"x\"}]," + HEAD + "}",
                "{" + HEAD + ",\"inputs\":[{\"summary\":{\"head\":[1],\"count\":2,\"non_finite\":0,\"min\":1,\"max\":2,"
                        + "\"mean\":1.5},\"truncated\":true,\"shape\":[2],\"name\":\"x\",\"datatype\":\"INT8\"}],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[{\"data\":[\"bad\"],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],"
                        + "\"truncated\":true,\"summary\":{\"count\":1,\"non_finite\":0,\"head\":[]}}],\"outputs\":[]}",
                // Several defects: the first in the contract's order is named, not the first in the document.
                "{\"outputs\":7,\"inputs\":[{\"data\":[1e400]}],\"model\":\"\",\"latency_us\":-1}",
                "{" + HEAD + ",\"inputs\":[{\"data\":[\"x\",2,3],\"shape\":[2],\"datatype\":\"FP32\",\"name\":\"x\"}],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[{\"data\":[\"x\",2],\"shape\":[-2],\"datatype\":\"FP32\",\"name\":7}],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"truncated\":true,"
                        + "\"summary\":{\"count\":1,\"non_finite\":2,\"mean\":\"x\",\"head\":[1,2]}}],\"outputs\":[]}",
                // A syntax error after a field defect: the document is refused first.
                "{\"model\":7," + HEAD.substring(10) + ",\"inputs\":[],\"outputs\":[],\"x\":[1,}",
                "{" + HEAD + ",\"inputs\":[],\"outputs\":[],\"parameters\":{\"a\":{\"b\":1,\"b\":2}}}",
                // Repeated keys wherever they are: known, unknown, skipped, in a refused value, kept for later.
                "{\"x\":1,\"x\":2," + HEAD + ",\"inputs\":[],\"outputs\":[]}",
                "{" + HEAD + ",\"latency_us\":3,\"inputs\":[],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[],\"outputs\":[],\"x\":[{\"a\":1,\"a\":2}]}",
                "{\"model\":7,\"latency_us\":{\"a\":1,\"a\":2}}",
                "{" + HEAD + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[{\"a\":1,\"a\":2}]}],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[{\"data\":[{\"a\":1,\"a\":2}],\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[{\"name\":\"x\",\"name\":\"y\",\"datatype\":\"FP32\",\"shape\":[1],\"data\":[1]}],\"outputs\":[]}",
                "{" + HEAD + ",\"inputs\":[{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"truncated\":true,"
                        + "\"summary\":{\"count\":1,\"non_finite\":0,\"head\":[],\"head\":[]}}],\"outputs\":[]}",
                "{\"model\":7,\"q\":{\"a\":1,\"a\":2},\"z\":[1,}",
                "{" + HEAD + ",\"inputs\":[],\"outputs\":[],\"parameters\":{\"big\":18446744073709551616,\"f\":1e400}}",
                "{" + HEAD + ",\"inputs\":[],\"outputs\":[],\"latency_us\":{\"a\":[1,\"two\",1.0e5]}}");
        for (String doc : docs) {
            assertAlike(doc.getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void randomEventsAndMutationsOfThem_decodeAsTheTreeDecoderDid() throws IOException {
        Random random = new Random(20261203);
        int documents = 0;
        for (int round = 0; round < 600; round++) {
            byte[] valid = codec.encode(randomEvent(random));
            assertAlike(valid);
            for (int m = 0; m < 8; m++) {
                byte[] doc = mutate(valid, random);
                if (random.nextInt(4) == 0) {
                    doc = mutate(doc, random);
                }
                assertAlike(doc);
                documents++;
            }
        }
        // The mutations must reach both sides of the contract, or the comparison proves little.
        assertTrue(refused > documents / 4 && refused < documents - documents / 10, refused + " of " + documents);
    }

    private void assertAlike(byte[] doc) {
        String expected = outcome(() -> oracle.decode(doc));
        String actual = outcome(() -> codec.decode(doc));
        if (expected.startsWith("refused")) {
            refused++;
        }
        assertEquals(expected, actual, new String(doc, StandardCharsets.UTF_8));
    }

    /** The event, every value spelt out; or the refusal's field and message; or any other exception. */
    private static String outcome(Supplier<PredictionEvent> decode) {
        PredictionEvent e;
        try {
            e = decode.get();
        } catch (EventFormatException x) {
            String message = x.getMessage();
            // Both refuse trailing content; only the tree reader's wording names its JsonNode binding.
            int trailing = message.indexOf("Trailing token");
            return "refused " + x.field() + ": " + (trailing < 0 ? message : message.substring(0, trailing + 14));
        } catch (RuntimeException x) {
            return "threw " + x;
        }
        StringBuilder s = new StringBuilder("event ").append(e.model()).append('|').append(e.version()).append('|')
                .append(e.requestId()).append('|').append(e.timestamp()).append('|').append(e.latencyMicros())
                .append('|').append(e.parameters());
        for (List<EventTensor> tensors : List.of(e.inputs(), e.outputs())) {
            s.append("\n--");
            for (EventTensor t : tensors) {
                s.append("\n").append(t.name()).append(' ').append(t.datatype()).append(Arrays.toString(t.shape()));
                if (t.truncated()) {
                    TensorSummary m = t.summary().orElseThrow();
                    s.append(" summary ").append(m.count()).append(' ').append(m.min()).append(' ').append(m.max())
                            .append(' ').append(m.mean()).append(' ').append(m.nonFinite()).append(' ')
                            .append(elements(m.head()));
                } else {
                    s.append(' ').append(elements(t.data().orElseThrow()));
                }
            }
        }
        return s.toString();
    }

    private static String elements(Tensor t) {
        StringBuilder s = new StringBuilder(t.name()).append(' ').append(t.type()).append(Arrays.toString(t.shape()));
        if (t.type() == DataType.BYTES) {
            for (int i = 0; i < t.elementCount(); i++) {
                s.append(' ').append(HexFormat.of().formatHex(t.string(i)));
            }
        } else {
            ByteBuffer b = t.data();
            byte[] raw = new byte[b.remaining()];
            b.get(raw);
            s.append(' ').append(HexFormat.of().formatHex(raw));
        }
        return s.toString();
    }

    private static PredictionEvent randomEvent(Random random) {
        TensorLimits limits = new TensorLimits(random.nextInt(64), random.nextInt(512), random.nextInt(8));
        List<Tensor> inputs = new ArrayList<>();
        for (int k = random.nextInt(3); k >= 0; k--) {
            inputs.add(EventFuzzTest.randomTensor(random));
        }
        Map<String, Object> parameters = new LinkedHashMap<>();
        for (int k = random.nextInt(3); k > 0; k--) {
            parameters.put("p" + k, List.of(random.nextLong(), random.nextDouble(), "s" + k, random.nextBoolean(),
                    Map.of("n", random.nextInt())));
        }
        return PredictionEvent.of("m" + random.nextInt(3), "1", random.nextBoolean() ? "" : "id",
                Instant.ofEpochSecond(random.nextInt(), random.nextInt(1_000_000_000)), random.nextInt(1_000_000),
                parameters, inputs, List.of(EventFuzzTest.randomTensor(random)), limits);
    }

    private byte[] mutate(byte[] doc, Random random) throws IOException {
        switch (random.nextInt(7)) {
            case 0: { // a byte replaced, removed, or the document cut short
                if (doc.length == 0) {
                    return doc;
                }
                byte[] out = doc.clone();
                int at = random.nextInt(doc.length);
                int kind = random.nextInt(3);
                if (kind == 0) {
                    out[at] = NOISE[random.nextInt(NOISE.length)];
                    return out;
                }
                return kind == 1 ? concat(Arrays.copyOf(doc, at), Arrays.copyOfRange(doc, at + 1, doc.length))
                        : Arrays.copyOf(doc, at);
            }
            case 1: { // a key repeated in some object
                String text = new String(doc, StandardCharsets.UTF_8);
                int brace = text.indexOf('{', random.nextInt(Math.max(1, text.length())));
                String key = List.of("model", "name", "data", "count", "x").get(random.nextInt(5));
                return brace < 0 ? doc : (text.substring(0, brace + 1) + "\"" + key + "\":1," + text.substring(brace + 1))
                        .getBytes(StandardCharsets.UTF_8);
            }
            case 2: // something after the document
                return concat(doc, (random.nextBoolean() ? " {}" : " x").getBytes(StandardCharsets.UTF_8));
            default:
                break;
        }
        JsonNode root;
        try {
            root = mapper.readTree(doc);
        } catch (IOException e) {
            return doc; // already broken by an earlier mutation
        }
        List<JsonNode> containers = new ArrayList<>();
        collect(root, containers);
        if (containers.isEmpty()) {
            return doc;
        }
        JsonNode target = containers.get(random.nextInt(containers.size()));
        JsonNode value = mapper.readTree(VALUES[random.nextInt(VALUES.length)]);
        switch (random.nextInt(4)) {
            case 0 -> shuffleAll(root, random);
            case 1 -> { // a field removed, or an element
                if (target instanceof ObjectNode o && o.size() > 0) {
                    o.remove(fieldNames(o).get(random.nextInt(o.size())));
                } else if (target instanceof ArrayNode a && a.size() > 0) {
                    a.remove(random.nextInt(a.size()));
                }
            }
            case 2 -> { // a value replaced
                if (target instanceof ObjectNode o && o.size() > 0) {
                    o.set(fieldNames(o).get(random.nextInt(o.size())), value);
                } else if (target instanceof ArrayNode a && a.size() > 0) {
                    a.set(random.nextInt(a.size()), value);
                }
            }
            default -> { // an unknown field added, or an element
                if (target instanceof ObjectNode o) {
                    o.set("unknown" + random.nextInt(3), value);
                } else {
                    ((ArrayNode) target).add(value);
                }
            }
        }
        return mapper.writeValueAsBytes(root);
    }

    private static void collect(JsonNode node, List<JsonNode> out) {
        if (node.isContainerNode()) {
            out.add(node);
            node.forEach(child -> collect(child, out));
        }
    }

    /** Every object's fields in a random order. */
    private static void shuffleAll(JsonNode node, Random random) {
        if (node instanceof ObjectNode o) {
            List<String> names = fieldNames(o);
            Collections.shuffle(names, random);
            Map<String, JsonNode> fields = new LinkedHashMap<>();
            names.forEach(n -> fields.put(n, o.get(n)));
            o.removeAll();
            fields.forEach(o::set);
        }
        node.forEach(child -> shuffleAll(child, random));
    }

    private static List<String> fieldNames(ObjectNode o) {
        List<String> names = new ArrayList<>();
        o.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
