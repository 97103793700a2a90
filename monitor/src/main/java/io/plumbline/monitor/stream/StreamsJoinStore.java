package io.plumbline.monitor.stream;

import io.plumbline.monitor.feedback.JoinStore;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The feedback join's state in two changelogged Kafka Streams stores, so a restarted monitor continues the
 * join where its last commit left it: the entries by key (value: the expiry time, then the entry), and an
 * index by expiry time (key: the time as 19 zero-padded digits, a separator, the entry's key), which sorts
 * by time, so expiring reads only what is due. One task, one thread: not thread-safe.
 */
final class StreamsJoinStore implements JoinStore {
    private static final char SEPARATOR = '\u0000';

    private final KeyValueStore<String, byte[]> entries;
    private final KeyValueStore<String, byte[]> index;

    StreamsJoinStore(KeyValueStore<String, byte[]> entries, KeyValueStore<String, byte[]> index) {
        this.entries = entries;
        this.index = index;
    }

    @Override
    public byte[] get(String key) {
        byte[] stored = entries.get(key);
        return stored == null ? null : Arrays.copyOfRange(stored, Long.BYTES, stored.length);
    }

    @Override
    public void put(String key, byte[] value, long expiresAt) {
        delete(key);
        long at = Math.max(0, expiresAt);
        entries.put(key, ByteBuffer.allocate(Long.BYTES + value.length).putLong(at).put(value).array());
        index.put(indexKey(at, key), new byte[0]);
    }

    @Override
    public void delete(String key) {
        byte[] stored = entries.delete(key);
        if (stored != null) {
            index.delete(indexKey(ByteBuffer.wrap(stored).getLong(), key));
        }
    }

    @Override
    public void expire(long now, BiConsumer<String, byte[]> expired) {
        List<String> due = new ArrayList<>();
        try (KeyValueIterator<String, byte[]> it = index.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> next = it.next();
                if (Long.parseLong(next.key.substring(0, 19)) > now) {
                    break;
                }
                due.add(next.key.substring(20));
            }
        }
        for (String key : due) {
            byte[] value = get(key);
            if (value != null) {
                expired.accept(key, value);
            }
            delete(key);
        }
    }

    private static String indexKey(long expiresAt, String key) {
        return String.format("%019d", expiresAt) + SEPARATOR + key;
    }
}
