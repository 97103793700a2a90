package io.plumbline.monitor.feedback;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiConsumer;

/**
 * The join's state in memory, for the monitor embedded in serving: gone with the process, and bounded.
 * Past {@code capacity} entries the one expiring soonest is dropped early (handed to the next
 * {@link #expire} like any expired entry), so a flood of ids nobody labels cannot exhaust the heap.
 */
public final class MemoryJoinStore implements JoinStore {
    private final int capacity;
    private final Map<String, Entry> entries = new HashMap<>();
    private final TreeMap<Long, Set<String>> byExpiry = new TreeMap<>();
    private final List<Map.Entry<String, byte[]>> evicted = new ArrayList<>();

    private record Entry(byte[] value, long expiresAt) {
    }

    public MemoryJoinStore(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        this.capacity = capacity;
    }

    @Override
    public byte[] get(String key) {
        Entry e = entries.get(key);
        return e == null ? null : e.value();
    }

    @Override
    public void put(String key, byte[] value, long expiresAt) {
        delete(key);
        entries.put(key, new Entry(value, expiresAt));
        byExpiry.computeIfAbsent(expiresAt, t -> new LinkedHashSet<>()).add(key);
        if (entries.size() > capacity) {
            String first = byExpiry.firstEntry().getValue().iterator().next();
            evicted.add(Map.entry(first, entries.get(first).value()));
            delete(first);
        }
    }

    @Override
    public void delete(String key) {
        Entry e = entries.remove(key);
        if (e != null) {
            Set<String> keys = byExpiry.get(e.expiresAt());
            keys.remove(key);
            if (keys.isEmpty()) {
                byExpiry.remove(e.expiresAt());
            }
        }
    }

    @Override
    public void expire(long now, BiConsumer<String, byte[]> expired) {
        for (Map.Entry<String, byte[]> e : evicted) {
            expired.accept(e.getKey(), e.getValue());
        }
        evicted.clear();
        while (!byExpiry.isEmpty() && byExpiry.firstKey() <= now) {
            for (String key : List.copyOf(byExpiry.firstEntry().getValue())) {
                expired.accept(key, entries.get(key).value());
                delete(key);
            }
        }
    }

    /** Entries held now. */
    public int size() {
        return entries.size();
    }
}
