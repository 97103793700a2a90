package io.plumbline.monitor.feedback;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * The join's state in memory, for the monitor embedded in serving: gone with the process, and bounded.
 * Past {@code capacity} entries the one expiring soonest is dropped early (handed to the next
 * {@link #expire} like any expired entry), so a flood of ids nobody labels cannot exhaust the heap.
 * Entries expiring at the same millisecond leave in the order they were put.
 *
 * <p>Laid out in flat arrays: an entry is two byte arrays (its key and its value), a slot in an
 * open-addressing index of ints and a place in a binary heap by expiry. The embedded monitor keeps every
 * prediction here for the join window (up to a million by default), and a map of maps kept about eight
 * objects per entry: with a full store the garbage collector cost a busy server about as much CPU per
 * request as the monitor itself (bench/README, "the embedded monitor's join store").
 */
public final class MemoryJoinStore implements JoinStore {
    /** The largest capacity: its arrays' lengths, and the index's at twice that, still fit an int. */
    public static final int MAX_CAPACITY = 1 << 28;
    private static final int INITIAL = 1024;

    private final int capacity;
    private int size;
    private long puts;
    // Per entry, by entry number (reused from the free stack once deleted).
    private byte[][] keys = new byte[INITIAL][];
    private byte[][] values = new byte[INITIAL][];
    private int[] hashes = new int[INITIAL];
    private long[] expiresAt = new long[INITIAL];
    private long[] order = new long[INITIAL];
    private int[] heapIndex = new int[INITIAL];
    private int[] free = new int[INITIAL];
    private int freeCount;
    private int used;
    // The binary heap of entry numbers, soonest expiry (then first put) at the top.
    private int[] heap = new int[INITIAL];
    // Open addressing with linear probing: entry number + 1, 0 for an empty slot; at most half full.
    private int[] index = new int[2 * INITIAL];
    private final List<String> evictedKeys = new ArrayList<>();
    private final List<byte[]> evictedValues = new ArrayList<>();

    public MemoryJoinStore(int capacity) {
        if (capacity < 1 || capacity > MAX_CAPACITY) {
            throw new IllegalArgumentException("capacity must be between 1 and " + MAX_CAPACITY + ", was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public byte[] get(String key) {
        int slot = find(key, keyBytes(key));
        return slot < 0 ? null : values[index[slot] - 1];
    }

    @Override
    public void put(String key, byte[] value, long expires) {
        byte[] bytes = keyBytes(key);
        int slot = find(key, bytes);
        if (slot >= 0) {
            remove(slot);
        }
        int e = allocate();
        keys[e] = bytes;
        values[e] = value;
        hashes[e] = key.hashCode();
        expiresAt[e] = expires;
        order[e] = puts++;
        insertIndex(e);
        place(size, e);
        size++;
        siftUp(size - 1);
        if (size > capacity) {
            int first = heap[0];
            evictedKeys.add(keyString(keys[first]));
            evictedValues.add(values[first]);
            remove(slotOf(first));
        }
    }

    @Override
    public void delete(String key) {
        int slot = find(key, keyBytes(key));
        if (slot >= 0) {
            remove(slot);
        }
    }

    @Override
    public void expire(long now, BiConsumer<String, byte[]> expired) {
        for (int i = 0; i < evictedKeys.size(); i++) {
            expired.accept(evictedKeys.get(i), evictedValues.get(i));
        }
        evictedKeys.clear();
        evictedValues.clear();
        while (size > 0 && expiresAt[heap[0]] <= now) {
            int e = heap[0];
            String key = keyString(keys[e]);
            byte[] value = values[e];
            remove(slotOf(e));
            expired.accept(key, value);
        }
    }

    /** Entries held now. */
    public int size() {
        return size;
    }

    /** The index slot holding the entry with this key, or -1. */
    private int find(String key, byte[] bytes) {
        int hash = key.hashCode();
        int mask = index.length - 1;
        for (int slot = home(hash, mask); index[slot] != 0; slot = (slot + 1) & mask) {
            int e = index[slot] - 1;
            if (hashes[e] == hash && Arrays.equals(keys[e], bytes)) {
                return slot;
            }
        }
        return -1;
    }

    /**
     * A key as bytes, one per char when every char fits one (ids are ASCII), else two; a first byte says
     * which, so two keys have equal bytes only when they are equal strings (UTF-8 would turn any lone
     * surrogate in a client's id into '?').
     */
    static byte[] keyBytes(String key) {
        int n = key.length();
        boolean narrow = true;
        for (int i = 0; i < n && narrow; i++) {
            narrow = key.charAt(i) <= 0xFF;
        }
        byte[] b = new byte[1 + (narrow ? n : 2 * n)];
        b[0] = (byte) (narrow ? 1 : 2);
        for (int i = 0; i < n; i++) {
            char c = key.charAt(i);
            if (narrow) {
                b[1 + i] = (byte) c;
            } else {
                b[1 + 2 * i] = (byte) (c >>> 8);
                b[2 + 2 * i] = (byte) c;
            }
        }
        return b;
    }

    static String keyString(byte[] b) {
        int width = b[0];
        char[] chars = new char[(b.length - 1) / width];
        for (int i = 0; i < chars.length; i++) {
            chars[i] = width == 1 ? (char) (b[1 + i] & 0xFF) : (char) ((b[1 + 2 * i] & 0xFF) << 8 | b[2 + 2 * i] & 0xFF);
        }
        return new String(chars);
    }

    /** The index slot of entry {@code e}, found by its number: no key to compare. */
    private int slotOf(int e) {
        int mask = index.length - 1;
        int slot = home(hashes[e], mask);
        while (index[slot] != e + 1) {
            slot = (slot + 1) & mask;
        }
        return slot;
    }

    private static int home(int hash, int mask) {
        // String hashes of similar ids differ in their low bits: spread them over the whole index.
        int mixed = hash * 0x9E3779B9;
        return (mixed ^ mixed >>> 16) & mask;
    }

    private int allocate() {
        if (freeCount > 0) {
            return free[--freeCount];
        }
        if (used == keys.length) {
            grow((int) Math.min(Math.max(keys.length * 2L, INITIAL), capacity + 1L));
        }
        return used++;
    }

    private void grow(int length) {
        keys = Arrays.copyOf(keys, length);
        values = Arrays.copyOf(values, length);
        hashes = Arrays.copyOf(hashes, length);
        expiresAt = Arrays.copyOf(expiresAt, length);
        order = Arrays.copyOf(order, length);
        heapIndex = Arrays.copyOf(heapIndex, length);
        free = Arrays.copyOf(free, length);
        heap = Arrays.copyOf(heap, length);
        if (index.length < 2 * length) {
            int[] old = index;
            index = new int[Integer.highestOneBit(2 * length - 1) << 1];
            for (int ref : old) {
                if (ref != 0) {
                    insertIndex(ref - 1);
                }
            }
        }
    }

    private void insertIndex(int e) {
        int mask = index.length - 1;
        int slot = home(hashes[e], mask);
        while (index[slot] != 0) {
            slot = (slot + 1) & mask;
        }
        index[slot] = e + 1;
    }

    /** Drops the entry in index {@code slot} from the index, the heap and the entry arrays. */
    private void remove(int slot) {
        int e = index[slot] - 1;
        removeIndex(slot);
        int at = heapIndex[e];
        size--;
        if (at < size) {
            place(at, heap[size]);
            siftDown(at);
            siftUp(at);
        }
        keys[e] = null;
        values[e] = null;
        free[freeCount++] = e;
    }

    /** Linear probing's deletion: later entries of the run move back, so no tombstones are needed. */
    private void removeIndex(int slot) {
        int mask = index.length - 1;
        int hole = slot;
        for (int next = (hole + 1) & mask; index[next] != 0; next = (next + 1) & mask) {
            int want = home(hashes[index[next] - 1], mask);
            // The entry at next may fill the hole unless its home lies cyclically in (hole, next].
            boolean homeAfterHole = hole <= next ? want > hole && want <= next : want > hole || want <= next;
            if (!homeAfterHole) {
                index[hole] = index[next];
                hole = next;
            }
        }
        index[hole] = 0;
    }

    /** Puts entry {@code e} at heap position {@code at}, keeping its way back. */
    private void place(int at, int e) {
        heap[at] = e;
        heapIndex[e] = at;
    }

    private boolean before(int a, int b) {
        return expiresAt[a] < expiresAt[b] || expiresAt[a] == expiresAt[b] && order[a] < order[b];
    }

    private void siftUp(int at) {
        int e = heap[at];
        while (at > 0) {
            int parent = (at - 1) >>> 1;
            if (!before(e, heap[parent])) {
                break;
            }
            place(at, heap[parent]);
            at = parent;
        }
        place(at, e);
    }

    private void siftDown(int at) {
        int e = heap[at];
        while (true) {
            int child = 2 * at + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(heap[child], e)) {
                break;
            }
            place(at, heap[child]);
            at = child;
        }
        place(at, e);
    }
}
