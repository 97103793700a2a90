package io.plumbline.monitor.window;

import io.plumbline.events.profile.FeatureProfile;
import io.plumbline.monitor.trace.TraceContext;
import io.plumbline.monitor.trace.TraceSample;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Compact bytes for a {@link DriftWindow}'s counts, for state stores and their changelogs.
 *
 * <p>Layout: a format byte, the profile's {@linkplain #shape shape fingerprint} (4 bytes), the row count,
 * then per feature in profile order: missing, invalid (numeric) or unseen (categorical), for numeric
 * features the two out-of-range distance sums (8 bytes each), the number of non-empty slots and, for each,
 * the gap from the previous non-empty slot and its count; then (format 2) the data-quality counts: for
 * numeric features NaN, type and shape violations, for categorical features type and shape violations and
 * the unseen-category sketch (entries, then per entry the UTF-8 name's length, its bytes and its count).
 * Integers are unsigned LEB128 varints. Counts
 * are sparse because a window of a few thousand values touches a fraction of 1000 bins: an empty
 * 4-feature window is about 40 bytes, a full one a few KiB rather than 32 KiB of raw longs.
 *
 * Last (format 3) the window's model quality: its length and {@link
 * io.plumbline.monitor.quality.WindowPerformance#encode() its bytes}.
 *
 * Last (format 4) the window's {@link TraceSample}: the traced events' count and, when it is not zero, the
 * example's traceparent, tracestate and request id, each as its UTF-8 length and bytes.
 *
 * <p>Formats 1 (before data-quality counts), 2 (before model quality) and 3 (before the trace sample) still
 * decode, with what they lack at zero: a store written by an earlier build keeps its open windows across an
 * upgrade.
 *
 * <p>Not thread-safe: it reuses one growing buffer. Give each stream task its own.
 */
public final class WindowCodec {
    private static final byte FORMAT = 4;
    private static final byte FORMAT_3 = 3;
    private static final byte FORMAT_2 = 2;
    private static final byte FORMAT_1 = 1;
    private byte[] buffer = new byte[256];
    private int position;

    /** The window's counts as bytes (a fresh array of the exact length). */
    public byte[] encode(DriftWindow window) {
        position = 0;
        put(FORMAT);
        putInt(shape(window));
        putVarLong(window.rows());
        for (FeatureWindow f : window.features()) {
            putVarLong(f.missing());
            if (f instanceof NumericWindow n) {
                putVarLong(n.invalid());
                putDouble(n.belowDistance());
                putDouble(n.aboveDistance());
                putSlots(n.slots(), n::countAt);
                putVarLong(n.nan());
                putVarLong(n.violations(Violation.TYPE));
                putVarLong(n.violations(Violation.SHAPE));
            } else {
                CategoricalWindow c = (CategoricalWindow) f;
                putVarLong(c.unseen());
                putSlots(c.otherSlot() + 1, c::countAt);
                putVarLong(c.violations(Violation.TYPE));
                putVarLong(c.violations(Violation.SHAPE));
                putSketch(c.unseenSketch());
            }
        }
        // An empty quality part (most windows of a model without feedback have predictions, so rarely) is 0 bytes.
        byte[] performance = window.performance().isEmpty() ? new byte[0] : window.performance().encode();
        putVarLong(performance.length);
        ensure(performance.length);
        System.arraycopy(performance, 0, buffer, position, performance.length);
        position += performance.length;
        putTrace(window.trace());
        return Arrays.copyOf(buffer, position);
    }

    /**
     * Adds stored counts into {@code window} (normally just reset). Fails when the bytes were written for
     * a profile of another shape, so counts are never silently attributed to the wrong bins.
     */
    public void decodeInto(byte[] bytes, DriftWindow window) {
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        byte format = in.get();
        if (format < FORMAT_1 || format > FORMAT) {
            throw new IllegalArgumentException("window counts in format " + format + ", this build reads "
                    + FORMAT_1 + " to " + FORMAT);
        }
        boolean quality = format >= FORMAT_2;
        int shape = in.getInt();
        if (shape != shape(window)) {
            throw new IllegalArgumentException("window counts were written for a profile of another shape");
        }
        window.addRows(varLong(in));
        for (FeatureWindow f : window.features()) {
            long missing = varLong(in);
            if (f instanceof NumericWindow n) {
                long invalid = varLong(in);
                n.restoreTotals(missing, invalid, in.getDouble(), in.getDouble());
                int slots = in.getInt();
                int slot = -1;
                for (int i = 0; i < slots; i++) {
                    slot += (int) varLong(in);
                    n.restoreSlot(slot, varLong(in));
                }
                if (quality) {
                    n.restoreQuality(varLong(in), varLong(in), varLong(in));
                }
            } else {
                CategoricalWindow c = (CategoricalWindow) f;
                c.restoreTotals(missing, varLong(in));
                int slots = in.getInt();
                int slot = -1;
                for (int i = 0; i < slots; i++) {
                    slot += (int) varLong(in);
                    c.restoreSlot(slot, varLong(in));
                }
                if (quality) {
                    c.restoreViolations(varLong(in), varLong(in));
                    readSketch(in, c.unseenSketch());
                }
            }
        }
        if (format >= FORMAT_3) {
            int length = Math.toIntExact(varLong(in));
            if (length > in.remaining()) {
                throw new IllegalArgumentException("the window's model quality runs past the end of its counts");
            }
            if (length > 0) {
                byte[] performance = new byte[length];
                in.get(performance);
                window.performance().mergeEncoded(performance);
            }
        }
        if (format >= FORMAT) {
            readTrace(in, window.trace());
        }
        if (in.hasRemaining()) {
            throw new IllegalArgumentException("window counts have " + in.remaining() + " trailing bytes");
        }
    }

    /** A fingerprint of the profile's layout: feature names, kinds and slot counts. */
    static int shape(DriftWindow window) {
        int h = 17;
        for (FeatureProfile f : window.profile().features()) {
            h = 31 * h + f.name().hashCode();
            h = 31 * h + (f.isNumeric() ? f.numeric().bins() : -f.categorical().categories().size());
        }
        return h;
    }

    private void putTrace(TraceSample trace) {
        putVarLong(trace.traced());
        if (!trace.isEmpty()) {
            putString(trace.example().traceparent());
            putString(trace.example().tracestate());
            putString(trace.requestId());
        }
    }

    private static void readTrace(ByteBuffer in, TraceSample trace) {
        long traced = varLong(in);
        if (traced > 0) {
            String traceparent = string(in, "the trace sample's traceparent");
            TraceContext first = new TraceContext(traceparent, string(in, "the trace sample's tracestate"));
            trace.restore(first, string(in, "the trace sample's request id"), traced);
        }
    }

    private void putString(String s) {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        putVarLong(utf8.length);
        ensure(utf8.length);
        System.arraycopy(utf8, 0, buffer, position, utf8.length);
        position += utf8.length;
    }

    private static String string(ByteBuffer in, String what) {
        int length = Math.toIntExact(varLong(in));
        if (length > in.remaining()) {
            throw new IllegalArgumentException(what + " runs past the end of the window counts");
        }
        byte[] utf8 = new byte[length];
        in.get(utf8);
        return new String(utf8, StandardCharsets.UTF_8);
    }

    private void putSketch(UnseenSketch sketch) {
        putVarLong(sketch.counters().size());
        // Sorted by name, so equal windows encode to equal bytes whatever the map's iteration order.
        for (String name : new java.util.TreeSet<>(sketch.counters().keySet())) {
            putString(name);
            putVarLong(sketch.counters().get(name)[0]);
        }
    }

    private static void readSketch(ByteBuffer in, UnseenSketch sketch) {
        long entries = varLong(in);
        for (long i = 0; i < entries; i++) {
            sketch.restore(string(in, "an unseen category name"), varLong(in));
        }
    }

    private interface SlotCounts {
        long at(int slot);
    }

    /** One pass over the slots: the number of non-empty ones is patched in after them (4 bytes). */
    private void putSlots(int slots, SlotCounts counts) {
        ensure(4);
        int countAt = position;
        position += 4;
        int nonEmpty = 0;
        int previous = -1;
        for (int i = 0; i < slots; i++) {
            long c = counts.at(i);
            if (c != 0) {
                putVarLong(i - previous);
                putVarLong(c);
                previous = i;
                nonEmpty++;
            }
        }
        int end = position;
        position = countAt;
        putInt(nonEmpty);
        position = end;
    }

    private void ensure(int bytes) {
        if (position + bytes > buffer.length) {
            buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, position + bytes));
        }
    }

    private void put(byte b) {
        ensure(1);
        buffer[position++] = b;
    }

    private void putInt(int v) {
        ensure(4);
        for (int i = 0; i < 4; i++) {
            buffer[position++] = (byte) (v >>> (8 * i));
        }
    }

    private void putDouble(double d) {
        long v = Double.doubleToRawLongBits(d);
        ensure(8);
        for (int i = 0; i < 8; i++) {
            buffer[position++] = (byte) (v >>> (8 * i));
        }
    }

    private void putVarLong(long v) {
        if (v < 0) {
            throw new IllegalArgumentException("counts are never negative, got " + v);
        }
        ensure(10);
        while ((v & ~0x7FL) != 0) {
            buffer[position++] = (byte) ((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        buffer[position++] = (byte) v;
    }

    private static long varLong(ByteBuffer in) {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            byte b = in.get();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IllegalArgumentException("malformed varint in window counts");
    }
}
