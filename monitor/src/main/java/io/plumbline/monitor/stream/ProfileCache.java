package io.plumbline.monitor.stream;

import io.plumbline.events.profile.ProfileFormatException;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.monitor.window.DriftWindow;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded profiles per {@code model:version}, each with a scratch {@link DriftWindow} to decode into.
 * The store hands back the very array it holds until the topic replaces the profile, so a reference
 * check is usually all a lookup costs; a replaced profile is decoded again. A profile that does not
 * parse is treated as absent (its events count as unknown_model) and logged once.
 */
final class ProfileCache {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileCache.class);

    private final ReadOnlyKeyValueStore<String, byte[]> store;
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    record Entry(byte[] raw, ReferenceProfile profile, DriftWindow scratch) {
    }

    ProfileCache(ReadOnlyKeyValueStore<String, byte[]> store) {
        this.store = store;
    }

    /**
     * The profile of {@code model:version}, or null when there is none usable. Its scratch window is not
     * reset here (this runs for every event; resetting 1000-bin windows each time was a measurable cost):
     * callers reset it when they use it.
     */
    Entry get(String modelVersion) {
        byte[] raw = store.get(modelVersion);
        if (raw == null) {
            entries.remove(modelVersion);
            return null;
        }
        Entry e = entries.get(modelVersion);
        if (e == null || (e.raw != raw && !Arrays.equals(e.raw, raw))) {
            e = decode(modelVersion, raw);
            if (e == null) {
                return null;
            }
            entries.put(modelVersion, e);
        }
        return e;
    }

    private Entry decode(String modelVersion, byte[] raw) {
        try {
            ReferenceProfile p = codec.read(new ByteArrayInputStream(raw), "profile " + modelVersion);
            return new Entry(raw, p, new DriftWindow(p));
        } catch (ProfileFormatException | IllegalArgumentException e) {
            if (reported.add(modelVersion)) {
                LOG.warn("ignoring unreadable reference profile for {}: {}", modelVersion, e.getMessage());
            }
            return null;
        }
    }
}
