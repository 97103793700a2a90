package io.plumbline.serving.events;

import io.plumbline.model.CatalogListener;
import io.plumbline.model.LoadedModel;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a version starts serving, hands its {@code reference-profile.json} (the file's bytes, as they
 * are) to the event sink, which publishes it to the compacted profiles topic under {@code model:version}:
 * the monitor then needs no registry access. Versions without the file are skipped.
 */
@Singleton
final class ProfilePublisher implements CatalogListener {
    static final String FILE_NAME = "reference-profile.json";
    private static final Logger LOG = LoggerFactory.getLogger(ProfilePublisher.class);

    private final EventSink sink;

    ProfilePublisher(EventSink sink) {
        this.sink = sink;
    }

    @Override
    public void loaded(LoadedModel model) {
        Path dir = model.directory();
        if (dir == null || sink.kind() == SinkKind.NONE) {
            return;
        }
        Path file = dir.resolve(FILE_NAME);
        if (!Files.isRegularFile(file)) {
            return;
        }
        try {
            sink.publishProfile(model.name(), model.versionLabel(), Files.readAllBytes(file));
        } catch (IOException e) {
            LOG.warn("Reference profile of {} not published: cannot read {}: {}", model, file, e.toString());
        }
    }
}
