package io.plumbline.monitor.quality;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * Bytes for the window accumulators, for a state store: one version byte ({@link #VERSION}), one kind byte
 * ({@code C} classifier, {@code R} regressor, {@code E} estimated), then the counts and sums big-endian. The
 * estimated window writes only its non-empty threshold bins. A reader refuses another version or kind, a
 * short buffer and trailing bytes, so a store written by a newer build fails loudly instead of decoding
 * garbage. Decoding an encoding gives back an equal accumulator (doubles bit for bit).
 */
public final class QualityCodec {
    /** Format version written first; bump it when a layout changes. */
    public static final byte VERSION = 1;
    static final byte CLASSIFIER = 'C';
    static final byte REGRESSOR = 'R';
    static final byte ESTIMATED = 'E';
    /** Most classes a decoded window may claim: bounds the allocation (an estimated window is 16 kB a class). */
    static final int MAX_CLASSES = 1000;

    private QualityCodec() {
    }

    public static byte[] encode(ClassifierPerformance p) {
        int k = p.classes();
        int bins = ClassifierPerformance.ECE_BINS;
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 5 * 8 + bins * 24 + k * 24);
        b.put(VERSION).put(CLASSIFIER).putInt(k);
        b.putLong(p.rows()).putLong(p.correct()).putLong(p.probabilisticRows());
        b.putDouble(p.logLossSum()).putDouble(p.brierSum());
        for (int i = 0; i < bins; i++) {
            b.putLong(p.binRows()[i]).putLong(p.binCorrect()[i]).putDouble(p.binConfidence()[i]);
        }
        for (int i = 0; i < k; i++) {
            b.putLong(p.predicted()[i]).putLong(p.actual()[i]).putLong(p.hits()[i]);
        }
        return b.array();
    }

    public static ClassifierPerformance decodeClassifier(byte[] bytes) {
        ByteBuffer b = open(bytes, CLASSIFIER);
        try {
            ClassifierPerformance p = new ClassifierPerformance(classes(b));
            p.restore(b.getLong(), b.getLong(), b.getLong(), b.getDouble(), b.getDouble());
            for (int i = 0; i < ClassifierPerformance.ECE_BINS; i++) {
                p.binRows()[i] = b.getLong();
                p.binCorrect()[i] = b.getLong();
                p.binConfidence()[i] = b.getDouble();
            }
            for (int i = 0; i < p.classes(); i++) {
                p.predicted()[i] = b.getLong();
                p.actual()[i] = b.getLong();
                p.hits()[i] = b.getLong();
            }
            return finish(b, p);
        } catch (BufferUnderflowException e) {
            throw truncated(bytes);
        }
    }

    public static byte[] encode(RegressorPerformance p) {
        ByteBuffer b = ByteBuffer.allocate(2 + 4 * 8);
        b.put(VERSION).put(REGRESSOR).putLong(p.rows());
        b.putDouble(p.absoluteSum()).putDouble(p.squaredSum()).putDouble(p.signedSum());
        return b.array();
    }

    public static RegressorPerformance decodeRegressor(byte[] bytes) {
        ByteBuffer b = open(bytes, REGRESSOR);
        try {
            return finish(b, RegressorPerformance.restore(b.getLong(), b.getDouble(), b.getDouble(), b.getDouble()));
        } catch (BufferUnderflowException e) {
            throw truncated(bytes);
        }
    }

    public static byte[] encode(EstimatedPerformance p) {
        long[] counts = p.counts();
        int used = 0;
        for (long c : counts) {
            used += c > 0 ? 1 : 0;
        }
        ByteBuffer b = ByteBuffer.allocate(2 + 4 + 4 + 8 + 8 + 4 + used * 20);
        b.put(VERSION).put(ESTIMATED).putInt(p.classes()).putInt(EstimatedPerformance.BINS);
        b.putLong(p.rows()).putDouble(p.confidenceSum()).putInt(used);
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0) {
                b.putInt(i).putLong(counts[i]).putDouble(p.sums()[i]);
            }
        }
        return b.array();
    }

    public static EstimatedPerformance decodeEstimated(byte[] bytes) {
        ByteBuffer b = open(bytes, ESTIMATED);
        try {
            EstimatedPerformance p = new EstimatedPerformance(classes(b));
            int bins = b.getInt();
            if (bins != EstimatedPerformance.BINS) {
                throw new IllegalArgumentException("estimated window has " + bins + " bins, this build uses "
                        + EstimatedPerformance.BINS);
            }
            p.restore(b.getLong(), b.getDouble());
            int used = b.getInt();
            for (int j = 0; j < used; j++) {
                int cell = b.getInt();
                if (cell < 0 || cell >= p.counts().length) {
                    throw new IllegalArgumentException("estimated window bin " + cell + " out of range");
                }
                p.counts()[cell] = b.getLong();
                p.sums()[cell] = b.getDouble();
            }
            return finish(b, p);
        } catch (BufferUnderflowException e) {
            throw truncated(bytes);
        }
    }

    private static ByteBuffer open(byte[] bytes, byte kind) {
        if (bytes == null || bytes.length < 2) {
            throw new IllegalArgumentException("quality window bytes are missing or shorter than the header");
        }
        if (bytes[0] != VERSION) {
            throw new IllegalArgumentException("quality window format version " + bytes[0] + " is not supported"
                    + " (this build reads " + VERSION + ")");
        }
        if (bytes[1] != kind) {
            throw new IllegalArgumentException("quality window is of kind '" + (char) bytes[1] + "', expected '"
                    + (char) kind + "'");
        }
        return ByteBuffer.wrap(bytes, 2, bytes.length - 2);
    }

    private static int classes(ByteBuffer b) {
        int k = b.getInt();
        if (k < 2 || k > MAX_CLASSES) {
            throw new IllegalArgumentException("quality window class count " + k + " is outside [2, " + MAX_CLASSES
                    + "]");
        }
        return k;
    }

    private static <T> T finish(ByteBuffer b, T value) {
        if (b.hasRemaining()) {
            throw new IllegalArgumentException("quality window has " + b.remaining() + " trailing bytes");
        }
        return value;
    }

    private static IllegalArgumentException truncated(byte[] bytes) {
        return new IllegalArgumentException("quality window bytes are truncated (" + bytes.length + " bytes)");
    }
}
