package io.plumbline.serving.events;

import io.plumbline.model.CatalogListener;
import io.plumbline.model.LoadedModel;
import jakarta.inject.Singleton;
import io.plumbline.events.profile.ProfileFormatException;
import io.plumbline.events.profile.ReferenceProfile;
import io.plumbline.events.profile.ReferenceProfileCodec;
import io.plumbline.events.profile.SegmentSpec;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * When a version starts serving, hands its {@code reference-profile.json} (the file's bytes, as they
 * are, or with {@code model.yaml}'s {@code segments} merged in when it declares any) to the event sink, which publishes it to the compacted profiles topic under {@code model:version}:
 * the monitor then needs no registry access. Versions without the file are skipped.
 */
@Singleton
final class ProfilePublisher implements CatalogListener {
    static final String FILE_NAME = "reference-profile.json";
    private static final Logger LOG = LoggerFactory.getLogger(ProfilePublisher.class);

    private final EventSink sink;
    private final ReferenceProfileCodec codec = new ReferenceProfileCodec();

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
            sink.publishProfile(model.name(), model.versionLabel(), withSegments(model, Files.readAllBytes(file)));
        } catch (IOException e) {
            LOG.warn("Reference profile of {} not published: cannot read {}: {}", model, file, e.toString());
        }
    }

    /**
     * The profile with the manifest's segments, so the monitor service (which reads profiles, not the
     * registry) cuts the same segments as the embedded one. Declarations the profile cannot take (a
     * feature it lacks, or a numeric one) are reported and left out; the profile is published without them.
     */
    private byte[] withSegments(LoadedModel model, byte[] profile) {
        List<SegmentSpec> segments = model.manifest().segments();
        if (segments.isEmpty()) {
            return profile;
        }
        try {
            ReferenceProfile read = codec.read(new ByteArrayInputStream(profile), FILE_NAME);
            return codec.toJson(read.withSegments(segments)).getBytes(StandardCharsets.UTF_8);
        } catch (ProfileFormatException e) {
            return profile; // the monitor reports an unreadable profile itself
        } catch (IllegalArgumentException e) {
            LOG.error("model.yaml segments of {} not applied: {}. Declare a categorical input feature of its "
                    + "reference profile (e.g. segments: [{feature: region}]) or a request parameter with its "
                    + "values (e.g. segments: [{parameter: tenant, values: [acme, globex]}])", model, e.getMessage());
            return profile;
        }
    }
}
