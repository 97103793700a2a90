package io.plumbline.monitor.feedback;

import io.plumbline.events.FeedbackRecord;
import io.plumbline.events.FeedbackRecordCodec;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * One entry of the {@link JoinStore}, as bytes: a prediction waiting for its truth ({@code P}: version,
 * time, numeric outputs, predicted label), a prediction already labelled ({@code M}: kept so a second
 * record for it counts as a duplicate), or feedback waiting for its prediction ({@code F}: the record's
 * JSON). A version byte first, so a store written by another build fails loudly.
 */
record JoinEntry(char kind, String version, long time, double[] outputs, String predictedLabel,
        FeedbackRecord feedback) {
    private static final byte FORMAT = 1;
    private static final FeedbackRecordCodec FEEDBACK = new FeedbackRecordCodec();

    static JoinEntry prediction(String version, long time, double[] outputs, String predictedLabel) {
        return new JoinEntry('P', version, time, outputs, predictedLabel, null);
    }

    static JoinEntry matched(String version, long time) {
        return new JoinEntry('M', version, time, new double[0], "", null);
    }

    static JoinEntry waiting(FeedbackRecord feedback) {
        return new JoinEntry('F', "", feedback.time().toEpochMilli(), new double[0], "", feedback);
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
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static JoinEntry decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte format = in.readByte();
            if (format != FORMAT) {
                throw new IllegalArgumentException("join entry format " + format + " is not " + FORMAT);
            }
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
                    yield new JoinEntry(kind, version, time, outputs, in.readUTF(), null);
                }
                default -> throw new IllegalArgumentException("unknown join entry kind '" + kind + "'");
            };
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated join entry", e);
        }
    }
}
