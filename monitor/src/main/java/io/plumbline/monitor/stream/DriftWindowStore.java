package io.plumbline.monitor.stream;

import io.plumbline.monitor.driver.WindowStorage;
import io.plumbline.monitor.window.DriftWindow;
import io.plumbline.monitor.window.WindowCodec;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;

/**
 * The drift-window store: a changelogged key-value store of {@link WindowCodec} bytes, with a write-back
 * layer on top that keeps the windows changed since the last commit as live {@link DriftWindow} objects
 * and encodes each of them once, just before the task commits.
 *
 * <p>Encoding a 10-feature, 1000-bin window scans 10,000 slots; doing it for every event was most of
 * the monitor's cost. Deferring it to commit keeps the guarantee the per-event write gave: Kafka Streams
 * flushes every store's cache ({@link #flushCache()}) before it sends the changelog records and commits
 * the input offsets (in one transaction under exactly-once), so whatever a commit covers is exactly what
 * the changelog holds. A task closed dirty (crash, aborted transaction) drops the pending windows
 * ({@link #clearCache()}, {@link #close()}, {@link #init}); the input since the last commit is then
 * read again, as it would be with any store.
 *
 * <p>{@link CachedStateStore} is an internal Kafka Streams interface; implementing it is what makes the
 * state manager call {@link #flushCache()} in its pre-commit flush (Kafka 4.3 calls {@code commit()} on
 * stores only after the offsets are committed, too late to write the changelog). The reliability
 * suite's {@code MonitorKillTest} (the packaged monitor SIGKILLed mid-window) loses events if a Kafka
 * upgrade stops calling it.
 *
 * <p>The store is not a {@link KeyValueStore}, so processors get this class itself from
 * {@code getStateStore} (Kafka wraps only its own store types). One task, one thread: not thread-safe.
 */
final class DriftWindowStore implements StateStore, CachedStateStore<String, byte[]>, WindowStorage {
    private final KeyValueStore<String, byte[]> inner;
    private final WindowCodec codec = new WindowCodec();
    private final Map<String, DriftWindow> pending = new LinkedHashMap<>();

    DriftWindowStore(KeyValueStore<String, byte[]> inner) {
        this.inner = inner;
    }

    /** The stored bytes of a window, its pending counts encoded if it has any. */
    @Override
    public byte[] get(String key) {
        DriftWindow w = pending.get(key);
        return w != null ? codec.encode(w) : inner.get(key);
    }

    /**
     * Records that {@code window} (owned by the caller, who keeps counting into it) is the new content of
     * {@code key}; it is encoded and written at the next commit.
     */
    @Override
    public void changed(String key, DriftWindow window) {
        pending.put(key, window);
    }

    @Override
    public void delete(String key) {
        pending.remove(key);
        inner.delete(key);
    }

    /** Every stored window's key; pending ones are written first so the iterator sees them. */
    @Override
    public void keys(Consumer<String> each) {
        writePending();
        try (KeyValueIterator<String, byte[]> it = inner.all()) {
            it.forEachRemaining(kv -> each.accept(kv.key));
        }
    }

    /** Windows waiting for the next commit (for tests). */
    int pendingCount() {
        return pending.size();
    }

    private void writePending() {
        if (pending.isEmpty()) {
            return;
        }
        for (Map.Entry<String, DriftWindow> e : pending.entrySet()) {
            inner.put(e.getKey(), codec.encode(e.getValue()));
        }
        pending.clear();
    }

    @Override
    public void flushCache() {
        writePending();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.flushCache();
        }
    }

    @Override
    public void clearCache() {
        pending.clear();
        if (inner instanceof CachedStateStore<?, ?> cached) {
            cached.clearCache();
        }
    }

    @Override
    public boolean setFlushListener(CacheFlushListener<String, byte[]> listener, boolean sendOldValues) {
        return false;
    }

    @Override
    public String name() {
        return inner.name();
    }

    @Override
    public void init(StateStoreContext context, StateStore root) {
        pending.clear();
        inner.init(context, root);
    }

    @Override
    @SuppressWarnings("deprecation")
    public void flush() {
        writePending();
        inner.flush();
    }

    @Override
    public void commit(Map<TopicPartition, Long> changelogOffsets) {
        writePending();
        inner.commit(changelogOffsets);
    }

    @Override
    public Long committedOffset(TopicPartition partition) {
        return inner.committedOffset(partition);
    }

    @Override
    public boolean managesOffsets() {
        return inner.managesOffsets();
    }

    @Override
    public void close() {
        pending.clear();
        inner.close();
    }

    @Override
    public boolean persistent() {
        return inner.persistent();
    }

    @Override
    public boolean isOpen() {
        return inner.isOpen();
    }

    @Override
    public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
        return inner.query(query, positionBound, config);
    }

    @Override
    public Position getPosition() {
        return inner.getPosition();
    }

    /** Builds the write-back layer over whatever {@code inner} builds (its name, logging and caching). */
    static StoreBuilder<DriftWindowStore> builder(StoreBuilder<KeyValueStore<String, byte[]>> inner) {
        return new StoreBuilder<>() {
            @Override
            public StoreBuilder<DriftWindowStore> withCachingEnabled() {
                inner.withCachingEnabled();
                return this;
            }

            @Override
            public StoreBuilder<DriftWindowStore> withCachingDisabled() {
                inner.withCachingDisabled();
                return this;
            }

            @Override
            public StoreBuilder<DriftWindowStore> withLoggingEnabled(Map<String, String> config) {
                inner.withLoggingEnabled(config);
                return this;
            }

            @Override
            public StoreBuilder<DriftWindowStore> withLoggingDisabled() {
                inner.withLoggingDisabled();
                return this;
            }

            @Override
            public DriftWindowStore build() {
                return new DriftWindowStore(inner.build());
            }

            @Override
            public Map<String, String> logConfig() {
                return inner.logConfig();
            }

            @Override
            public boolean loggingEnabled() {
                return inner.loggingEnabled();
            }

            @Override
            public String name() {
                return inner.name();
            }
        };
    }
}
