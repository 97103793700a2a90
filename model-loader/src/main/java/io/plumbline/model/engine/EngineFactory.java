package io.plumbline.model.engine;

import io.plumbline.model.ModelLoadException;
import io.plumbline.model.ModelManifest;
import java.nio.file.Path;

/** Loads engines of one kind ({@code onnxruntime}, {@code djl}) from a version directory. */
public interface EngineFactory {
    /** The manifest's {@code engine} value this factory answers to. */
    String name();

    /**
     * @param what the model and version for messages, e.g. {@code weather/1}
     */
    Engine load(Path versionDirectory, ModelManifest manifest, String what) throws ModelLoadException;
}
