package io.plumbline.bench;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The join store's heap per entry as measured, against the sum of what an entry holds, worked out by hand. */
class HeapFootprintTest {

    @Test
    void aJoinStoreEntry_weighsWhatItsArraysHold() {
        // By hand, 64-bit JVM with compressed pointers (16-byte array headers, 4-byte references, 8-byte
        // alignment), 200,000 entries:
        //   key bytes: a width byte, "weather" + NUL + a 36-character UUID = 45 bytes + 16 = 61, aligned 64
        //   value bytes: 63 + 16 = 79, aligned 80
        //   per entry in the store's arrays: 2 references (8), hash, heap slot, heap position and free-list
        //   slot ints (16), expiry and put-order longs (16) = 40
        //   index: the next power of two at least twice 200,001 = 524,288 ints = 2,097,152 bytes, 10.5 each
        //   total 64 + 80 + 40 + 10.5 = 194.5 bytes
        // G1 keeps an array over half a region in whole regions of its own (the store's arrays here are
        // 0.8-2 MB), so the heap can only read more than the sum: up to a quarter more is allowed. The map
        // of sets this store replaced read about 290 bytes per entry in a running server.
        double measured = HeapFootprint.bytesPerJoinEntry(200_000);
        assertTrue(measured >= 194.5 * 0.98 && measured <= 194.5 * 1.25, "bytes per entry: " + measured);
    }
}
