package io.plumbline.monitor.feedback;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.FeedbackRecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * One entry of the {@link JoinStore}, as bytes: a prediction waiting for its truth ({@code P}: version,
 * time, numeric outputs, predicted label), a prediction already labelled ({@code M}: kept so a second
 * record for it counts as a duplicate), or feedback waiting for its prediction ({@code F}: the record's
 * JSON). A format byte first, so a store written by another build fails loudly. Format 2 adds the
 * prediction's segment labels; format 1 entries (written before segments) read with none.
 */
record JoinEntry(char kind, String version, long time, double[] outputs, String predictedLabel,
        List<String> segments, FeedbackRecord feedback) {
    private static final byte FORMAT = 2;
    private static final byte FORMAT_WITHOUT_SEGMENTS = 1;
    private static final FeedbackRecordCodec FEEDBACK = new FeedbackRecordCodec();

    static JoinEntry prediction(String version, long time, double[] outputs, String predictedLabel,
            List<String> segments) {
        return new JoinEntry('P', version, time, outputs, predictedLabel, segments, null);
    }

    static JoinEntry matched(String version, long time) {
        return new JoinEntry('M', version, time, new double[0], "", List.of(), null);
    }

    static JoinEntry waiting(FeedbackRecord feedback) {
        return new JoinEntry('F', "", feedback.time().toEpochMilli(), new double[0], "", List.of(), feedback);
    }

    boolean isPrediction() {
        return kind == 'P';
    }

    boolean isMatched() {
        return kind == 'M';
    }

    boolean isFeedback() {
        return kind == 'F';
    }

    /** Whether encoded bytes hold waiting feedback, read without decoding the rest (each expiry asks). */
    static boolean isFeedback(byte[] encoded) {
        if (encoded.length < 2) {
            throw new IllegalArgumentException("truncated join entry");
        }
        // As decode: an entry another build wrote fails loudly rather than being counted as something.
        requireKnownFormat(encoded[0]);
        return encoded[1] == 'F';
    }

    private static void requireKnownFormat(byte format) {
        if (format != FORMAT && format != FORMAT_WITHOUT_SEGMENTS) {
            throw new IllegalArgumentException("join entry format " + format + " is not " + FORMAT);
        }
    }

    byte[] encode() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + outputs.length * 8);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeByte(kind);
            if (isFeedback()) {
                byte[] json = FEEDBACK.encode(feedback);
                out.writeInt(json.length);
                out.write(json);
            } else {
                out.writeUTF(version);
                out.writeLong(time);
                out.writeInt(outputs.length);
                for (double v : outputs) {
                    out.writeDouble(v);
                }
                out.writeUTF(predictedLabel);
                out.writeByte(segments.size());
                for (String segment : segments) {
                    out.writeUTF(segment);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static JoinEntry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            requireKnownFormat(format);
            char kind = (char) in.readByte();
            return switch (kind) {
                case 'F' -> waiting(FEEDBACK.decode(in.readNBytes(in.readInt())));
                case 'P', 'M' -> {
                    String version = in.readUTF();
                    long time = in.readLong();
                    double[] outputs = new double[in.readInt()];
                    for (int i = 0; i < outputs.length; i++) {
                        outputs[i] = in.readDouble();
                    }
                    String predictedLabel = in.readUTF();
                    List<String> segments = new ArrayList<>();
                    int n = format == FORMAT ? in.readUnsignedByte() : 0;
                    for (int i = 0; i < n; i++) {
                        segments.add(in.readUTF());
                    }
                    yield new JoinEntry(kind, version, time, outputs, predictedLabel, List.copyOf(segments), null);
                }
                default -> throw new IllegalArgumentException("unknown join entry kind '" + kind + "'");
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated join entry", e);
        }
    }
}
