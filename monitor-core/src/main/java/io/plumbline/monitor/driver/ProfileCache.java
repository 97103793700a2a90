package io.plumbline.monitor.driver;

import io.plumbline.events.profile.ProfileFormatException;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decoded reference profiles per {@code model:version}, over a source of profile JSON (the Streams
 * monitor's global store, serving's sink). Sources hand back the very array they hold until the profile
 * is replaced, so a reference check is usually all a lookup costs; a replaced profile is decoded again.
 * A profile that does not parse is treated as absent (its events count as unknown_model) and logged
 * once. Not thread-safe: one per driver.
 */
public final class ProfileCache {
    private static final Logger LOG = LoggerFactory.getLogger(ProfileCache.class);

    private final Function<String, byte[]> source;
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();
    private final Map<String, Entry> entries = new HashMap<>();
    private final Set<String> reported = new HashSet<>();

    private record Entry(byte[] raw, ReferenceProfile profile) {
    }

    /** @param source the profile JSON of a {@code model:version}, or null when it has none */
    public ProfileCache(Function<String, byte[]> source) {
        this.source = source;
    }

    /** The profile of {@code model:version}, or null when there is none usable. */
    public ReferenceProfile get(String modelVersion) {
        byte[] raw = source.apply(modelVersion);
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
        return e.profile;
    }

    private Entry decode(String modelVersion, byte[] raw) {
        try {
            ReferenceProfile p = codec.read(new ByteArrayInputStream(raw), "reference profile of " + modelVersion);
            return new Entry(raw, p);
        } catch (ProfileFormatException | IllegalArgumentException e) {
            if (reported.add(modelVersion)) {
                LOG.warn("Drift monitoring of {} is off: {}", modelVersion, e.getMessage());
            }
            return null;
        }
    }
}
