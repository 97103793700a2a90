package io.plumbline.monitor.feedback;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The store against a reference written the obvious way (a list scanned whole on every call): the same
 * random puts, replacements, deletes, gets and expiries must give the same answers in the same order.
 */
class MemoryJoinStoreTest {

    /** Entries in a list; the soonest expiry, then the first put, leaves first. */
    private static final class Reference {
        private record Held(String key, byte[] value, long expiresAt, long order) {
        }

        private final int capacity;
        private final List<Held> held = new ArrayList<>();
        private final List<String> evicted = new ArrayList<>();
        private long puts;

        Reference(int capacity) {
            this.capacity = capacity;
        }

        byte[] get(String key) {
            return held.stream().filter(h -> h.key().equals(key)).map(Held::value).findFirst().orElse(null);
        }

        void put(String key, byte[] value, long expiresAt) {
            delete(key);
            held.add(new Held(key, value, expiresAt, puts++));
            if (held.size() > capacity) {
                Held first = soonest();
                held.remove(first);
                evicted.add(first.key() + "=" + first.value()[0]);
            }
        }

        void delete(String key) {
            held.removeIf(h -> h.key().equals(key));
        }

        List<String> expire(long now) {
            List<String> out = new ArrayList<>(evicted);
            evicted.clear();
            while (!held.isEmpty() && soonest().expiresAt() <= now) {
                Held h = soonest();
                held.remove(h);
                out.add(h.key() + "=" + h.value()[0]);
            }
            return out;
        }

        private Held soonest() {
            return held.stream().min(Comparator.comparingLong(Held::expiresAt).thenComparingLong(Held::order))
                    .orElseThrow();
        }
    }

    @ParameterizedTest(name = "capacity {0}, {1} keys, seed {2}")
    @CsvSource({"3, 8, 1", "50, 40, 2", "100, 400, 3", "2000, 3000, 4", "5000, 1000000, 5"})
    void answersAsTheReferenceDoes(int capacity, int keySpace, long seed) {
        Random random = new Random(seed);
        MemoryJoinStore store = new MemoryJoinStore(capacity);
        Reference reference = new Reference(capacity);
        long now = 0;
        for (int op = 0; op < 30_000; op++) {
            // Ids as the join writes them (model, NUL, id), some not ASCII.
            String key = "m\u0000" + (random.nextInt(7) == 0 ? "é" : random.nextInt(7) == 0 ? "ж" : "")
                    + random.nextInt(keySpace);
            int kind = random.nextInt(100);
            if (kind < 60) {
                // Expiries in a few distinct milliseconds ahead, so many entries share one.
                long expiresAt = now + random.nextInt(20);
                byte[] value = {(byte) random.nextInt(128)};
                store.put(key, value, expiresAt);
                reference.put(key, value, expiresAt);
            } else if (kind < 80) {
                assertArrayEquals(reference.get(key), store.get(key), "get " + key + " at op " + op);
            } else if (kind < 90) {
                store.delete(key);
                reference.delete(key);
            } else {
                now += random.nextInt(4);
                List<String> expired = new ArrayList<>();
                store.expire(now, (k, v) -> expired.add(k + "=" + v[0]));
                assertEquals(reference.expire(now), expired, "expire at " + now + ", op " + op);
            }
            assertEquals(reference.held.size(), store.size(), "size at op " + op);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"m\u0000abc-123", "m\u0000caf\u00e9", "m\u0000\u043c\u043e\u0434", "m\u0000a\uD800",
        "m\u0000a?", "m\u0000\uD83D\uDE00", ""})
    void aKeyComesBackAsItWent(String key) {
        assertEquals(key, MemoryJoinStore.keyString(MemoryJoinStore.keyBytes(key)));
    }

    @Test
    void keysThatUtf8WouldMerge_stayApart() {
        // A lone surrogate encodes as '?' in UTF-8: these two ids would have shared one entry.
        MemoryJoinStore store = new MemoryJoinStore(10);
        store.put("m\u0000a\uD800", new byte[] {1}, 100);
        store.put("m\u0000a?", new byte[] {2}, 100);
        assertEquals(2, store.size());
        assertArrayEquals(new byte[] {1}, store.get("m\u0000a\uD800"));
        List<String> expired = new ArrayList<>();
        store.expire(100, (k, v) -> expired.add(k));
        assertEquals(List.of("m\u0000a\uD800", "m\u0000a?"), expired);
    }

    @Test
    void aCapacityTheArraysCannotHold_isRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new MemoryJoinStore(Integer.MAX_VALUE));
        assertTrue(e.getMessage().contains("between 1 and 268435456"), e.getMessage());
    }

    @Test
    void aMillionEntriesGrowTheStoreAndEachIsFoundAgain() {
        MemoryJoinStore store = new MemoryJoinStore(1_000_000);
        for (int i = 0; i < 1_000_000; i++) {
            store.put("weather\u0000" + i, new byte[] {(byte) i}, 1_000 + i / 1_000);
        }
        assertEquals(1_000_000, store.size());
        for (int i = 0; i < 1_000_000; i += 997) {
            assertArrayEquals(new byte[] {(byte) i}, store.get("weather\u0000" + i), "entry " + i);
        }
        store.put("weather\u0000new", new byte[] {7}, 5_000);
        List<String> expired = new ArrayList<>();
        store.expire(1_000, (k, v) -> expired.add(k));
        assertEquals("weather\u00000", expired.get(0), "the full store made room by dropping the soonest entry");
        assertEquals(1_000, expired.size(), "the evicted entry, then the other 999 expiring at 1,000 ms");
        assertNull(store.get("weather\u0000999"));
        assertArrayEquals(new byte[] {7}, store.get("weather\u0000new"));
    }
}
