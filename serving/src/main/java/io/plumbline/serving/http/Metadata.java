package io.plumbline.serving.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.serde.annotation.Serdeable;
import java.util.List;

/** V2 metadata response bodies. */
final class Metadata {
    private Metadata() {
    }

    @Serdeable
    record Server(String name, String version, List<String> extensions) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Tensor(String name, String datatype, long[] shape, List<String> features, List<String> labels) {
    }

    /** {@code aliases} is Plumbline's addition: alias name to the version it routes to now. */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record Model(String name, List<String> versions, java.util.Map<String, Long> aliases, String platform,
            List<Tensor> inputs, List<Tensor> outputs) {
    }

    @Serdeable
    record Live(boolean live) {
    }

    /**
     * {@code reason} is Plumbline's addition, present only when not ready. The V2 protocol defines the
     * answer by the status code and this object by its {@code ready} field; clients read no other.
     */
    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Ready(boolean ready, String reason) {
    }

    @Serdeable
    record ModelReady(String name, String version, boolean ready) {
    }

    @Serdeable
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    record IndexEntry(String name, String version, String state, String reason) {
    }
}
