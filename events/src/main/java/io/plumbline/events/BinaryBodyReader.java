package io.plumbline.events;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;

/**
 * A bounds-checked little-endian cursor over a binary prediction body. Every read names the field it
 * reads, so a short or damaged body fails with an {@link EventFormatException} saying which field and
 * at which offset, never with an {@code IndexOutOfBoundsException} or a huge allocation.
 */
final class BinaryBodyReader {
    private final ByteBuffer in;

    BinaryBodyReader(byte[] body) {
        this.in = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN);
    }

    int remaining() {
        return in.remaining();
    }

    int position() {
        return in.position();
    }

    int u8(String field) {
        need(1, field);
        return in.get() & 0xFF;
    }

    /** An unsigned 32-bit count or length; refused when it is more than the bytes left could hold. */
    int u32(String field, int bytesPerUnit) {
        need(4, field);
        long v = in.getInt() & 0xFFFF_FFFFL;
        if (v * bytesPerUnit > in.remaining()) {
            throw new EventFormatException(field, "says " + v + (bytesPerUnit == 1 ? " bytes" : " items")
                    + " at offset " + (in.position() - 4) + ", but only " + in.remaining() + " bytes follow");
        }
        return (int) v;
    }

    long i64(String field) {
        need(8, field);
        return in.getLong();
    }

    int i32(String field) {
        need(4, field);
        return in.getInt();
    }

    double f64(String field) {
        need(8, field);
        return in.getDouble();
    }

    /** A length-prefixed UTF-8 string, strictly decoded. */
    String string(String field) {
        int length = u32(field, 1);
        ByteBuffer bytes = take(length, field);
        // Names, versions, ids and datatypes are nearly always ASCII, which is valid UTF-8 and decodes to
        // the same chars; a new CharsetDecoder per string was a tenth of the Kafka monitor's time.
        String ascii = ascii(bytes);
        if (ascii != null) {
            return ascii;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw new EventFormatException(field, "is not valid UTF-8", e);
        }
    }

    /** The bytes as a string when every one is ASCII, else null (the strict decoder reads them). */
    private static String ascii(ByteBuffer bytes) {
        byte[] array = bytes.array();
        int from = bytes.arrayOffset() + bytes.position();
        int to = from + bytes.remaining();
        for (int i = from; i < to; i++) {
            if (array[i] < 0) {
                return null;
            }
        }
        return new String(array, from, to - from, StandardCharsets.US_ASCII);
    }

    /** The next {@code length} bytes as a little-endian view of the body: no copy. */
    ByteBuffer take(int length, String field) {
        need(length, field);
        ByteBuffer view = in.slice().limit(length).order(ByteOrder.LITTLE_ENDIAN);
        in.position(in.position() + length);
        return view;
    }

    private void need(int bytes, String field) {
        if (in.remaining() < bytes) {
            throw new EventFormatException(field, "is cut short: needs " + bytes + " bytes at offset "
                    + in.position() + ", " + in.remaining() + " left");
        }
    }
}
