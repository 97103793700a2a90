package io.plumbline.monitor.feedback;

import java.util.function.BiConsumer;

/**
 * The join's state: entries by key ({@code model}, a separator, the request id), each with the time it
 * expires at. The monitor service keeps it in changelogged Kafka Streams stores, so a restart continues
 * the join where it stood; the embedded monitor keeps it in memory ({@link MemoryJoinStore}).
 */
public interface JoinStore {
    /** The entry of {@code key}, or null. */
    byte[] get(String key);

    /** Sets the entry of {@code key}, to be dropped at {@code expiresAt} (epoch ms) unless replaced. */
    void put(String key, byte[] value, long expiresAt);

    void delete(String key);

    /** Removes every entry that expires at or before {@code now}, handing each to {@code expired} first. */
    void expire(long now, BiConsumer<String, byte[]> expired);
}
