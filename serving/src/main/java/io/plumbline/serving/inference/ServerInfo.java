package io.plumbline.serving.inference;

import java.util.List;

/** What server metadata reports, the same over REST and gRPC. */
public final class ServerInfo {
    public static final String NAME = "plumbline";
    public static final List<String> EXTENSIONS = List.of("model_repository", "binary_tensor_data", "parameters",
            "statistics");

    private ServerInfo() {
    }

    /** The build's version from the jar manifest, or {@code dev} when run from classes. */
    public static String version() {
        String v = ServerInfo.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }
}
