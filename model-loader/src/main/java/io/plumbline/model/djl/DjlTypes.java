package io.plumbline.model.djl;

import io.plumbline.tensor.DataType;

/** Maps V2 datatypes to DJL's and back. */
final class DjlTypes {
    private DjlTypes() {
    }

    /** @return DJL's type, or null where DJL has no tensor of that type (BYTES) */
    static ai.djl.ndarray.types.DataType toDjl(DataType t) {
        return switch (t) {
            case BOOL -> ai.djl.ndarray.types.DataType.BOOLEAN;
            case UINT8 -> ai.djl.ndarray.types.DataType.UINT8;
            case UINT16 -> ai.djl.ndarray.types.DataType.UINT16;
            case UINT32 -> ai.djl.ndarray.types.DataType.UINT32;
            case UINT64 -> ai.djl.ndarray.types.DataType.UINT64;
            case INT8 -> ai.djl.ndarray.types.DataType.INT8;
            case INT16 -> ai.djl.ndarray.types.DataType.INT16;
            case INT32 -> ai.djl.ndarray.types.DataType.INT32;
            case INT64 -> ai.djl.ndarray.types.DataType.INT64;
            case FP16 -> ai.djl.ndarray.types.DataType.FLOAT16;
            case BF16 -> ai.djl.ndarray.types.DataType.BFLOAT16;
            case FP32 -> ai.djl.ndarray.types.DataType.FLOAT32;
            case FP64 -> ai.djl.ndarray.types.DataType.FLOAT64;
            case BYTES -> null;
        };
    }

    /** @return the V2 type, or null for DJL types V2 cannot carry (strings, complex, unknown) */
    static DataType fromDjl(ai.djl.ndarray.types.DataType t) {
        return switch (t) {
            case BOOLEAN -> DataType.BOOL;
            case UINT8 -> DataType.UINT8;
            case UINT16 -> DataType.UINT16;
            case UINT32 -> DataType.UINT32;
            case UINT64 -> DataType.UINT64;
            case INT8 -> DataType.INT8;
            case INT16 -> DataType.INT16;
            case INT32 -> DataType.INT32;
            case INT64 -> DataType.INT64;
            case FLOAT16 -> DataType.FP16;
            case BFLOAT16 -> DataType.BF16;
            case FLOAT32 -> DataType.FP32;
            case FLOAT64 -> DataType.FP64;
            default -> null;
        };
    }
}
