package io.plumbline.model;

import io.plumbline.model.engine.Engine;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A model version that is serving. Requests {@link #acquire} it before running and
 * {@link #release} after; retiring it closes the engine once the last in-flight request is done,
 * so an unload never frees native memory under a running inference. What serving attaches to a
 * version (its batcher) is closed at the same moment, through {@link #onClose}, so a request that
 * holds the version always finds what it needs.
 */
public final class LoadedModel {
    private static final Logger LOG = LoggerFactory.getLogger(LoadedModel.class);

    private final String name;
    private final long version;
    private final ModelManifest manifest;
    private final Engine engine;
    private final Path directory;
    // Low bit: retired flag; the rest: in-flight count * 2. One atomic keeps acquire race-free.
    private final AtomicInteger state = new AtomicInteger();
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();

    public LoadedModel(String name, long version, ModelManifest manifest, Engine engine, Path directory) {
        this.name = name;
        this.version = version;
        this.manifest = manifest;
        this.engine = engine;
        this.directory = directory;
    }

    public String name() {
        return name;
    }

    public long version() {
        return version;
    }

    public String versionLabel() {
        return Long.toString(version);
    }

    public ModelManifest manifest() {
        return manifest;
    }

    public ModelSignature signature() {
        return engine.signature();
    }

    /** The V2 metadata {@code platform}: {@code onnxruntime_onnx} as Triton names it, else the engine name. */
    public String platform() {
        return manifest.engine().equals(ModelManifest.ONNX_RUNTIME) ? "onnxruntime_onnx" : manifest.engine();
    }

    public Engine engine() {
        return engine;
    }

    /** The local directory the version was loaded from (holds e.g. its reference profile). */
    public Path directory() {
        return directory;
    }

    /**
     * Runs {@code action} when the version closes: after it is retired and the last request that
     * held it has released it, before the engine closes. Register before the version is published.
     */
    public void onClose(Runnable action) {
        onClose.add(action);
    }

    /** @return false when the version is retired and must not take new work */
    public boolean acquire() {
        while (true) {
            int s = state.get();
            if ((s & 1) != 0) {
                return false;
            }
            if (state.compareAndSet(s, s + 2)) {
                return true;
            }
        }
    }

    public void release() {
        int s = state.addAndGet(-2);
        if (s == 1) {
            closeEngine();
        }
    }

    /** Stops new work; the engine closes now or when the last in-flight request releases. */
    void retire() {
        while (true) {
            int s = state.get();
            if ((s & 1) != 0) {
                return;
            }
            if (state.compareAndSet(s, s | 1)) {
                if (s == 0) {
                    closeEngine();
                }
                return;
            }
        }
    }

    public boolean retired() {
        return (state.get() & 1) != 0;
    }

    private void closeEngine() {
        for (Runnable action : onClose) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("{}: closing an attachment failed: {}", this, e.toString());
            }
        }
        engine.close();
    }

    @Override
    public String toString() {
        return name + "/" + version;
    }
}
