package io.plumbline.serving.health;

import io.plumbline.serving.grpc.v2.GRPCInferenceServiceGrpc;

/**
 * The service names the health service answers for.
 *
 * <ul>
 *   <li>{@code ""} (what Kubernetes and grpc-health-probe send by default) and
 *       {@code inference.GRPCInferenceService}: the server's readiness, exactly V2 {@code ServerReady};</li>
 *   <li>{@code liveness}: V2 {@code ServerLive}, SERVING whenever the server answers (also while it
 *       loads models or drains), for a liveness probe that readiness must not affect;</li>
 *   <li>{@code plumbline.model/<model>} and {@code plumbline.model/<model>/<version>} (a number or an
 *       alias): V2 {@code ModelReady} for the version a request without one (or with that one) gets.</li>
 * </ul>
 *
 * Models get a prefix because model names may contain dots: a model called
 * {@code inference.GRPCInferenceService} must not shadow the server's own status.
 */
final class HealthNames {
    static final String SERVER = "";
    static final String V2_SERVICE = GRPCInferenceServiceGrpc.SERVICE_NAME;
    static final String LIVENESS = "liveness";
    static final String MODEL_PREFIX = "plumbline.model/";

    enum Kind { SERVER, LIVE, MODEL, UNKNOWN }

    /**
     * What a service name asks about.
     *
     * @param model the model, for {@link Kind#MODEL}
     * @param version a number or alias; null for the version a request without one gets
     */
    record Target(Kind kind, String model, String version) {
        static final Target SERVER = new Target(Kind.SERVER, null, null);
        static final Target LIVE = new Target(Kind.LIVE, null, null);
        static final Target UNKNOWN = new Target(Kind.UNKNOWN, null, null);
    }

    private HealthNames() {
    }

    static Target parse(String service) {
        if (service.equals(SERVER) || service.equals(V2_SERVICE)) {
            return Target.SERVER;
        }
        if (service.equals(LIVENESS)) {
            return Target.LIVE;
        }
        if (!service.startsWith(MODEL_PREFIX)) {
            return Target.UNKNOWN;
        }
        String rest = service.substring(MODEL_PREFIX.length());
        int slash = rest.indexOf('/');
        String model = slash < 0 ? rest : rest.substring(0, slash);
        String version = slash < 0 ? null : rest.substring(slash + 1);
        if (model.isEmpty() || version != null && (version.isEmpty() || version.indexOf('/') >= 0)) {
            return Target.UNKNOWN;
        }
        return new Target(Kind.MODEL, model, version);
    }
}
