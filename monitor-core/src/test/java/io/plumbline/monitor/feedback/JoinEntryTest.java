package io.plumbline.monitor.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.events.FeedbackRecord;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The join store's entries: a prediction keeps its segments, and entries a build before segments wrote still read. */
class JoinEntryTest {

    @Test
    void onlyWaitingFeedbackReadsAsFeedbackFromItsBytes() {
        FeedbackRecord f = FeedbackRecord.ofLabel("m", "", "id-1", "sun", -1, Instant.ofEpochMilli(5));
        assertTrue(JoinEntry.isFeedback(JoinEntry.waiting(f).encode()));
        assertFalse(JoinEntry.isFeedback(JoinEntry.prediction("1", 5, new double[] {1}, "sun", List.of()).encode()));
        assertFalse(JoinEntry.isFeedback(JoinEntry.matched("1", 5).encode()));
    }

    @Test
    void aPredictionKeepsItsSegments() {
        JoinEntry p = JoinEntry.prediction("3", 42L, new double[] {0.25, 0.75}, "sun", List.of("tenant=acme", "region=other"));
        JoinEntry back = JoinEntry.decode(p.encode());
        assertEquals(List.of("tenant=acme", "region=other"), back.segments());
        assertArrayEquals(new double[] {0.25, 0.75}, back.outputs());
        assertEquals("sun", back.predictedLabel());
    }

    @Test
    void anEntryWrittenBeforeSegments_readsWithNone() throws IOException {
        // Format 1, byte by byte as that build wrote it: format, kind, version, time, outputs, label.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(1);
            out.writeByte('P');
            out.writeUTF("3");
            out.writeLong(42L);
            out.writeInt(1);
            out.writeDouble(0.5);
            out.writeUTF("rain");
        }
        JoinEntry old = JoinEntry.decode(bytes.toByteArray());
        assertEquals(List.of(), old.segments());
        assertEquals("3", old.version());
        assertEquals(42L, old.time());
        assertEquals("rain", old.predictedLabel());
    }
}
