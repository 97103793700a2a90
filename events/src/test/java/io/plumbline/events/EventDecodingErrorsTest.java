package io.plumbline.events;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The decoder takes records from outside: each defect is refused with the field it is in named. */
class EventDecodingErrorsTest {
    private static final String HEAD = "\"model\":\"m\",\"version\":\"1\",\"id\":\"r\","
            + "\"timestamp\":\"2025-01-01T00:00:00Z\",\"latency_us\":5";
    private final PredictionEventCodec codec = new PredictionEventCodec();

    private static String withInput(String tensor) {
        return "{" + HEAD + ",\"inputs\":[" + tensor + "],\"outputs\":[]}";
    }

    private static String fp32(String data) {
        return withInput("{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[2],\"data\":" + data + "}");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "not json             | {                                                 | (document) | not valid JSON",
        "array root           | []                                                | (document) | JSON object",
        "trailing document    | `{} {}`                                           | (document) | not valid JSON",
        "empty                | ``                                                | (document) | JSON object",
    })
    void documentDefects(String what, String json, String field, String message) {
        assertRefused(json == null ? "" : json, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "model missing      | `{\"version\":\"1\",\"id\":\"\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"latency_us\":1,\"inputs\":[],\"outputs\":[]}` | model | missing",
        "model not string   | `{\"model\":7,\"version\":\"1\",\"id\":\"\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"latency_us\":1,\"inputs\":[],\"outputs\":[]}` | model | string",
        "bad timestamp      | `{\"model\":\"m\",\"version\":\"1\",\"id\":\"\",\"timestamp\":\"yesterday\",\"latency_us\":1,\"inputs\":[],\"outputs\":[]}` | timestamp | RFC 3339",
        "negative latency   | `{\"model\":\"m\",\"version\":\"1\",\"id\":\"\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"latency_us\":-1,\"inputs\":[],\"outputs\":[]}` | latency_us | non-negative",
        "outputs missing    | `{\"model\":\"m\",\"version\":\"1\",\"id\":\"\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"latency_us\":1,\"inputs\":[]}` | outputs | missing",
        "duplicate key      | `{\"model\":\"m\",\"model\":\"n\",\"version\":\"1\",\"id\":\"\",\"timestamp\":\"2025-01-01T00:00:00Z\",\"latency_us\":1,\"inputs\":[],\"outputs\":[]}` | (document) | Duplicate",
    })
    void fieldDefects(String what, String json, String field, String message) {
        assertRefused(json, field, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "lower-case datatype | `{\"name\":\"x\",\"datatype\":\"fp32\",\"shape\":[1],\"data\":[1]}`  | inputs[0].datatype | unknown datatype 'fp32'",
        "unknown datatype    | `{\"name\":\"x\",\"datatype\":\"FP128\",\"shape\":[1],\"data\":[1]}` | inputs[0].datatype | unknown datatype",
        "negative dim        | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[-1],\"data\":[]}`  | inputs[0].shape[0] | non-negative",
        "huge shape          | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[4294967296,4294967296],\"data\":[]}` | inputs[0].shape | more elements",
        "no data             | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1]}`              | inputs[0].data | must be an array",
        "nested data         | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1,2],\"data\":[[1,2]]}` | inputs[0].data | has 1 values, expected 2",
        "int8 out of range   | `{\"name\":\"x\",\"datatype\":\"INT8\",\"shape\":[1],\"data\":[128]}` | inputs[0].data[0] | out of range for INT8",
        "int64 fraction      | `{\"name\":\"x\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[1.5]}` | inputs[0].data[0] | an integer for INT64",
        "int64 overflow      | `{\"name\":\"x\",\"datatype\":\"INT64\",\"shape\":[1],\"data\":[9223372036854775808]}` | inputs[0].data[0] | out of range",
        "uint64 negative     | `{\"name\":\"x\",\"datatype\":\"UINT64\",\"shape\":[1],\"data\":[-1]}` | inputs[0].data[0] | out of range for UINT64",
        "bool as number      | `{\"name\":\"x\",\"datatype\":\"BOOL\",\"shape\":[1],\"data\":[1]}` | inputs[0].data[0] | true or false",
        "bytes as number     | `{\"name\":\"x\",\"datatype\":\"BYTES\",\"shape\":[1],\"data\":[1]}` | inputs[0].data[0] | a string for BYTES",
        "truncated, no summary | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"truncated\":true}` | inputs[0].summary | missing",
        "summary count wrong | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[9],\"truncated\":true,\"summary\":{\"count\":8,\"min\":null,\"max\":null,\"mean\":null,\"non_finite\":0,\"head\":[]}}` | inputs[0].summary.count | does not match",
        "head too long       | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"truncated\":true,\"summary\":{\"count\":1,\"min\":1,\"max\":1,\"mean\":1,\"non_finite\":0,\"head\":[1,2]}}` | inputs[0].summary.head | more than",
        "mean as string      | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"truncated\":true,\"summary\":{\"count\":1,\"min\":1,\"max\":1,\"mean\":\"x\",\"non_finite\":0,\"head\":[]}}` | inputs[0].summary.mean | number or null",
        "truncated not bool  | `{\"name\":\"x\",\"datatype\":\"FP32\",\"shape\":[1],\"truncated\":\"yes\",\"data\":[1]}` | inputs[0].truncated | true or false",
    })
    void tensorDefects(String what, String tensor, String field, String message) {
        assertRefused(withInput(tensor), field, message);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "lower-case nan  | `[\"nan\",1]`  | inputs[0].data[0] | \"NaN\"",
        "fp32 overflow   | `[1e39,1]`     | inputs[0].data[0] | out of range for FP32",
        "null element    | `[null,1]`     | inputs[0].data[0] | a number",
        "object element  | `[{},1]`       | inputs[0].data[0] | a number",
    })
    void floatDefects(String what, String data, String field, String message) {
        assertRefused(fp32(data), field, message);
    }

    private void assertRefused(String json, String field, String message) {
        EventFormatException e = assertThrows(EventFormatException.class,
                () -> codec.decode(json.getBytes(StandardCharsets.UTF_8)));
        assertEquals(field, e.field(), e.getMessage());
        assertTrue(e.getMessage().contains(message), e.getMessage());
    }
}
