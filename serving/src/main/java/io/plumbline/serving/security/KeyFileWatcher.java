package io.plumbline.serving.security;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The key file's current identities. {@link #reload()} (called every reload interval by the factory's
 * scheduler, directly by tests) re-reads the file and swaps in the new keys only when it parsed:
 * a half-written or malformed file keeps the keys in use, says why in one log line and sets
 * {@code auth.keys.file.valid} to 0, so key rotation can never lock everyone out. The whole content is
 * compared, not the mtime, which misses two writes within the file system's timestamp resolution.
 */
final class KeyFileWatcher {
    private static final Logger LOG = LoggerFactory.getLogger(KeyFileWatcher.class);

    private final Path file;
    private final LongSupplier nanoTime;
    private final AtomicInteger valid = new AtomicInteger(1);
    private final AtomicInteger loaded = new AtomicInteger();
    private volatile KeyRing ring;
    private byte[] lastContent;

    /** Reads the file once; a missing or malformed file stops the start (the message says why). */
    KeyFileWatcher(Path file, LongSupplier nanoTime, MeterRegistry registry) {
        this.file = file;
        this.nanoTime = nanoTime;
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("plumbline.security.keys-file " + file + " does not exist (create "
                    + "it with: java -jar plumbline-serving.jar keys add NAME --scopes infer:MODEL --file " + file + ")");
        } catch (IOException e) {
            throw new IllegalArgumentException("plumbline.security.keys-file " + file + " cannot be read: " + e);
        }
        try {
            ring = KeyFile.parse(new String(content, StandardCharsets.UTF_8), null, nanoTime);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("plumbline.security.keys-file " + file + ": " + e.getMessage());
        }
        lastContent = content;
        loaded.set(ring.size());
        Gauge.builder("auth.keys.file.valid", valid, AtomicInteger::get)
                .description("1 when the last reading of the key file parsed; 0 while a broken file is ignored "
                        + "and the previous keys stay in use").register(registry);
        Gauge.builder("auth.keys", loaded, AtomicInteger::get)
                .description("Identities (keys and certificate subjects) in the key file in use").register(registry);
    }

    KeyRing ring() {
        return ring;
    }

    /** Re-reads the file; synchronized because the scheduler and a test may both call it. */
    synchronized void reload() {
        byte[] content;
        try {
            content = Files.readAllBytes(file);
        } catch (IOException e) {
            reject(e instanceof NoSuchFileException ? "the file is gone" : "cannot be read: " + e.getMessage(), null);
            return;
        }
        if (Arrays.equals(content, lastContent)) {
            return;
        }
        try {
            KeyRing next = KeyFile.parse(new String(content, StandardCharsets.UTF_8), ring, nanoTime);
            ring = next;
            lastContent = content;
            loaded.set(next.size());
            valid.set(1);
            LOG.info("Key file {} reloaded: {} identities", file, next.size());
        } catch (IllegalArgumentException e) {
            reject(e.getMessage(), content);
        }
    }

    /** Logs once per distinct broken content (not every poll), keeping the keys in use. */
    private void reject(String why, byte[] content) {
        // reload() returns early on unchanged content, so a new broken content is always worth a line.
        boolean first = valid.getAndSet(0) == 1 || content != null;
        if (content != null) {
            lastContent = content;
        }
        if (first) {
            LOG.warn("Key file {} not reloaded, the previous {} identities stay in use: {}", file, ring.size(), why);
        }
    }
}
