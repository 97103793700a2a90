package io.plumbline.tensor;

import java.util.Locale;

/**
 * The tensor element types of the KServe Open Inference Protocol (V2), with their wire names and
 * sizes. BYTES has no fixed size: each element is a length-prefixed byte string.
 */
public enum DataType {
    BOOL(1),
    UINT8(1),
    UINT16(2),
    UINT32(4),
    UINT64(8),
    INT8(1),
    INT16(2),
    INT32(4),
    INT64(8),
    FP16(2),
    BF16(2),
    FP32(4),
    FP64(8),
    BYTES(-1);

    /** {@link #values()} copies the array on every call; wire names are parsed for every tensor read. */
    private static final DataType[] ALL = values();

    private final int byteSize;

    DataType(int byteSize) {
        this.byteSize = byteSize;
    }

    /** The name used on the wire (JSON {@code datatype}, gRPC {@code datatype}). */
    public String wireName() {
        return name();
    }

    /** Bytes per element, or -1 for BYTES. */
    public int byteSize() {
        return byteSize;
    }

    public boolean isFixedSize() {
        return byteSize > 0;
    }

    public boolean isFloatingPoint() {
        return this == FP16 || this == BF16 || this == FP32 || this == FP64;
    }

    public boolean isUnsigned() {
        return this == UINT8 || this == UINT16 || this == UINT32 || this == UINT64;
    }

    /**
     * Parses a wire name. Case-sensitive as the spec writes them; returns null for unknown names so
     * the caller can name the offending field in its error.
     */
    public static DataType fromWireName(String name) {
        if (name == null) {
            return null;
        }
        for (DataType t : ALL) {
            if (t.name().equals(name)) {
                return t;
            }
        }
        // Lenient on case only: "fp32" is a common client mistake with one obvious meaning.
        String upper = name.toUpperCase(Locale.ROOT);
        for (DataType t : ALL) {
            if (t.name().equals(upper)) {
                return t;
            }
        }
        return null;
    }
}
