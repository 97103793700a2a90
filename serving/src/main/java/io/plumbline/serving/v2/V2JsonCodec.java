package io.plumbline.serving.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.plumbline.events.TensorJson;
import io.plumbline.serving.inference.InferenceException;
import io.plumbline.serving.inference.InferenceRequest;
import io.plumbline.serving.inference.InferenceResponse;
import io.plumbline.serving.inference.InputLimits;
import io.plumbline.serving.inference.Quoted;
import io.plumbline.serving.inference.RequestedOutput;
import io.plumbline.tensor.DataType;
import io.plumbline.tensor.Shape;
import io.plumbline.tensor.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decodes V2 inference requests and encodes responses as JSON with Jackson's streaming API, so
 * tensor values go straight between text and typed buffers.
 *
 * <p>Key order inside a tensor object is free in JSON: when {@code data} comes before
 * {@code datatype} or {@code shape}, its tokens are buffered and replayed once both are known.
 */
public final class V2JsonCodec {
    private final JsonFactory json;
    private final InputLimits limits;

    /** With the documented default limits (tests, tools). */
    public V2JsonCodec() {
        this(InputLimits.DEFAULT);
    }

    public V2JsonCodec(InputLimits limits) {
        this.limits = limits;
        this.json = JsonErrors.factory(limits);
    }

    public InferenceRequest decodeRequest(byte[] body) {
        return decodeRequest(body, body.length);
    }

    /**
     * Decodes a request whose first {@code jsonLength} bytes are JSON; the rest is the binary
     * tensor extension's data, taken in order by the inputs that carry {@code binary_data_size}.
     */
    public InferenceRequest decodeRequest(byte[] body, int jsonLength) {
        int length = jsonLength;
        if (length < 0 || length > body.length) {
            throw InferenceException.invalid("Inference-Header-Content-Length " + length
                    + " is outside the body of " + body.length + " bytes");
        }
        BinarySection binary = new BinarySection(body, jsonLength);
        if (length == 0) {
            throw InferenceException.invalid("request body is empty: send a JSON object with 'inputs'");
        }
        try (JsonParser p = json.createParser(body, 0, length)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw InferenceException.invalid("request body must be a JSON object with 'inputs'");
            }
            String id = "";
            Map<String, Object> parameters = Map.of();
            List<Tensor> inputs = null;
            List<RequestedOutput> outputs = List.of();
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "id" -> {
                        if (value != JsonToken.VALUE_STRING) {
                            throw InferenceException.invalid("'id' must be a string");
                        }
                        id = p.getText();
                    }
                    case "parameters" -> parameters = JsonValues.object(p, "parameters");
                    // The whole body: binary data after the JSON header holds elements too.
                    case "inputs" -> inputs = inputs(p, body.length, binary);
                    case "outputs" -> outputs = outputs(p);
                    default -> p.skipChildren();
                }
            }
            if (p.currentToken() != JsonToken.END_OBJECT) {
                throw InferenceException.invalid("request body is not a JSON object");
            }
            if (p.nextToken() != null) {
                throw InferenceException.invalid("request body has content after the JSON object");
            }
            if (inputs == null) {
                throw InferenceException.invalid("request has no 'inputs'");
            }
            binary.requireConsumed();
            return new InferenceRequest(id, parameters, inputs, outputs);
        } catch (JsonProcessingException e) {
            throw JsonErrors.invalid(e, limits);
        } catch (IOException e) {
            // Reading a byte array fails only through the parser; kept typed rather than a 500.
            throw InferenceException.invalid("cannot read request body: " + JsonErrors.clean(String.valueOf(e.getMessage())));
        }
    }

    private List<Tensor> inputs(JsonParser p, int bodyLength, BinarySection binary) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw InferenceException.invalid("'inputs' must be an array of tensors");
        }
        List<Tensor> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        long elements = 0;
        while (p.nextToken() != JsonToken.END_ARRAY) {
            limits.checkInputCount(out.size() + 1);
            String field = "inputs[" + out.size() + "]";
            Tensor t = tensor(p, field, bodyLength, binary, elements);
            if (!names.add(t.name())) {
                throw InferenceException.invalid(field + ": input '" + Quoted.of(t.name()) + "' is given twice");
            }
            elements += t.elementCount();
            out.add(t);
        }
        if (out.isEmpty()) {
            throw InferenceException.invalid("'inputs' is empty");
        }
        return out;
    }

    /** @param before elements of the request's earlier inputs, for the per-request limit */
    private Tensor tensor(JsonParser p, String field, int bodyLength, BinarySection binary, long before)
            throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw InferenceException.invalid(field + " must be an object with name, shape, datatype and data");
        }
        String name = null;
        DataType type = null;
        long[] shape = null;
        Long binarySize = null;
        TokenBuffer pendingData = null;
        Tensor tensor = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String key = p.currentName();
            JsonToken value = p.nextToken();
            switch (key) {
                case "name" -> {
                    if (value != JsonToken.VALUE_STRING || p.getText().isEmpty()) {
                        throw InferenceException.invalid(field + ".name must be a non-empty string");
                    }
                    name = p.getText();
                }
                case "datatype" -> {
                    if (value != JsonToken.VALUE_STRING) {
                        throw InferenceException.invalid(field + ".datatype must be a string such as \"FP32\"");
                    }
                    type = DataType.fromWireName(p.getText());
                    if (type == null) {
                        throw InferenceException.invalid(field + ".datatype '" + Quoted.of(p.getText())
                                + "' is not a V2 datatype (BOOL, UINT8..UINT64, INT8..INT64, FP16, BF16, FP32, FP64, BYTES)");
                    }
                }
                case "shape" -> {
                    shape = shape(p, field);
                    long count = Shape.elementCount(shape);
                    InputLimits.requireBodyCanHold(field, shape, count, bodyLength);
                    limits.checkElements(field, count, before);
                }
                case "parameters" -> {
                    Map<String, Object> params = JsonValues.object(p, field + ".parameters");
                    Object size = params.get("binary_data_size");
                    if (size != null) {
                        if (!(size instanceof Long l) || l < 0) {
                            throw InferenceException.invalid(field + ".parameters.binary_data_size must be a "
                                    + "non-negative integer");
                        }
                        binarySize = l;
                    }
                }
                case "data" -> {
                    if (name != null && type != null && shape != null) {
                        tensor = data(p, field + " ('" + Quoted.of(name) + "')", name, type, shape);
                    } else {
                        pendingData = new TokenBuffer(p);
                        pendingData.copyCurrentStructure(p);
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (name == null) {
            throw InferenceException.invalid(field + " has no 'name'");
        }
        String named = field + " ('" + Quoted.of(name) + "')";
        if (type == null) {
            throw InferenceException.invalid(named + " has no 'datatype'");
        }
        if (shape == null) {
            throw InferenceException.invalid(named + " has no 'shape'");
        }
        if (pendingData != null) {
            try (JsonParser replay = pendingData.asParser()) {
                replay.nextToken();
                tensor = data(replay, named, name, type, shape);
            }
        }
        if (binarySize != null) {
            if (tensor != null) {
                throw InferenceException.invalid(named + " has both 'data' and binary_data_size: send one");
            }
            tensor = BinaryTensors.decode(named, name, type, shape, binary.take(named, binarySize), limits);
        }
        if (tensor == null) {
            throw InferenceException.invalid(named + " has no 'data'");
        }
        return tensor;
    }

    private Tensor data(JsonParser p, String field, String name, DataType type, long[] shape)
            throws IOException {
        return TensorDataReader.read(p, field, name, type, shape, Shape.elementCount(shape), limits);
    }

    private long[] shape(JsonParser p, String field) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw InferenceException.invalid(field + ".shape must be an array of non-negative integers");
        }
        long[] dims = new long[4];
        int rank = 0;
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t != JsonToken.VALUE_NUMBER_INT || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER
                    || p.getLongValue() < 0) {
                throw InferenceException.invalid(field + ".shape[" + rank + "] must be a non-negative integer");
            }
            if (rank == dims.length) {
                dims = Arrays.copyOf(dims, rank * 2);
            }
            dims[rank++] = p.getLongValue();
            limits.checkRank(field, rank);
        }
        long[] shape = Arrays.copyOf(dims, rank);
        try {
            Shape.elementCount(shape);
        } catch (ArithmeticException e) {
            throw InferenceException.invalid(field + ".shape " + Shape.format(shape) + " is too large");
        }
        return shape;
    }

    private static List<RequestedOutput> outputs(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_ARRAY) {
            throw InferenceException.invalid("'outputs' must be an array of {\"name\": ...}");
        }
        List<RequestedOutput> out = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            String field = "outputs[" + out.size() + "]";
            if (p.currentToken() != JsonToken.START_OBJECT) {
                throw InferenceException.invalid(field + " must be an object with a 'name'");
            }
            String name = null;
            boolean binary = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String key = p.currentName();
                JsonToken value = p.nextToken();
                if (key.equals("name")) {
                    if (value != JsonToken.VALUE_STRING) {
                        throw InferenceException.invalid(field + ".name must be a string");
                    }
                    name = p.getText();
                } else if (key.equals("parameters")) {
                    Map<String, Object> params = JsonValues.object(p, field + ".parameters");
                    binary = Boolean.TRUE.equals(params.get("binary_data"));
                } else {
                    p.skipChildren();
                }
            }
            if (name == null) {
                throw InferenceException.invalid(field + " has no 'name'");
            }
            out.add(new RequestedOutput(name, binary));
        }
        return out;
    }

    /** Writes a response; outputs named in {@code binaryOutputs} are left to the binary part. */
    public byte[] encodeResponse(InferenceResponse response) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream(256);
        writeResponse(response, buf);
        return buf.toByteArray();
    }

    public void writeResponse(InferenceResponse response, OutputStream out) {
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("model_name", response.model());
            g.writeStringField("model_version", response.version());
            if (!response.id().isEmpty()) {
                g.writeStringField("id", response.id());
            }
            g.writeArrayFieldStart("outputs");
            for (Tensor t : response.outputs()) {
                g.writeStartObject();
                g.writeStringField("name", t.name());
                g.writeStringField("datatype", t.type().wireName());
                g.writeArrayFieldStart("shape");
                for (int i = 0; i < t.rank(); i++) {
                    g.writeNumber(t.dim(i));
                }
                g.writeEndArray();
                if (response.binaryOutputs().contains(t.name())) {
                    g.writeObjectFieldStart("parameters");
                    g.writeNumberField("binary_data_size", BinaryTensors.size(t));
                    g.writeEndObject();
                } else {
                    g.writeArrayFieldStart("data");
                    TensorJson.writeElements(g, t);
                    g.writeEndArray();
                }
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        } catch (IOException e) {
            throw new IllegalStateException("cannot encode response", e);
        }
    }
}
