package io.plumbline.monitor.driver;

import io.plumbline.monitor.window.DriftWindow;
import java.util.function.Consumer;

/**
 * Where the {@link WindowDriver} keeps open windows beyond its memory, keyed by
 * {@link WindowDriver#key(String, long)}. The Kafka Streams monitor's changelogged store makes windows
 * survive a crash (what a commit covers is exactly what the store holds); the embedded monitor keeps
 * none ({@link #NONE}): its windows live and die with the process.
 */
public interface WindowStorage {
    /** Keeps nothing: every window is only in the driver's memory. */
    WindowStorage NONE = new WindowStorage() {
        @Override
        public byte[] get(String key) {
            return null;
        }

        @Override
        public void changed(String key, DriftWindow window) {
        }

        @Override
        public void delete(String key) {
        }

        @Override
        public void keys(Consumer<String> each) {
        }
    };

    /** The stored counts of a window, or null. */
    byte[] get(String key);

    /** {@code window} (which the driver keeps counting into) is the new content of {@code key}. */
    void changed(String key, DriftWindow window);

    void delete(String key);

    /** Every stored window's key, for the driver to index after a restart. */
    void keys(Consumer<String> each);
}
