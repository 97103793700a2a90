package io.plumbline.serving.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.core.bind.annotation.Bindable;
import io.plumbline.monitor.config.DurationText;
import io.plumbline.monitor.config.Require;
import java.time.Duration;
import java.util.List;

/**
 * {@code plumbline.registry.*}.
 *
 * @param uri the model repository: {@code file:./models}, {@code file:/abs/path}, a plain path, or
 *     {@code s3://bucket/prefix} (configured by {@link S3})
 * @param pollInterval how often the repository is re-read for new, changed or removed versions and
 *     moved aliases (e.g. {@code 10s}); {@code explicit} (or {@code 0s}) turns polling off, leaving
 *     changes to the repository API
 * @param requireSignature every version must carry a signature by a trusted key
 *     ({@code SHA256SUMS.sig}, see SECURITY.md)
 * @param requireSignatureFor models (names, or prefixes ending in {@code *}) that need a signature
 *     even when {@code requireSignature} is off. Configuration, not a manifest key: the manifest sits
 *     in the repository beside the files it would protect, and the signature does not cover it
 * @param trustedKeys PEM public keys (files, or directories of {@code *.pem} / {@code *.pub}) whose
 *     signatures are accepted; with keys configured, a signature that does not verify refuses its
 *     version even where signatures are not required
 */
@ConfigurationProperties(RegistryConfig.PREFIX)
public record RegistryConfig(
        @Bindable(defaultValue = "file:./models") String uri,
        @Bindable(defaultValue = "10s") String pollInterval,
        @Bindable(defaultValue = "false") boolean requireSignature,
        @Nullable List<String> requireSignatureFor,
        @Nullable List<String> trustedKeys) {
    static final String PREFIX = "plumbline.registry";

    public RegistryConfig {
        poll(pollInterval); // refused at start, not at the first poll
    }

    /** The poll interval, or null when polling is off. */
    public Duration poll() {
        return poll(pollInterval);
    }

    private static Duration poll(String pollInterval) {
        String p = pollInterval == null ? "" : pollInterval.trim();
        if (p.isEmpty() || p.equalsIgnoreCase("explicit") || p.equalsIgnoreCase("none")) {
            return null;
        }
        Duration d = Require.notNegative(PREFIX + ".poll-interval", DurationText.parse(p, PREFIX + ".poll-interval",
                "10s"), "10s");
        return d.isZero() ? null : d;
    }

    /**
     * {@code plumbline.registry.s3.*}, read only when {@code uri} is {@code s3://bucket/prefix}.
     * Blank values mean "not set".
     *
     * @param endpoint endpoint override for MinIO, S3Proxy, Ceph or a VPC endpoint; blank for AWS
     * @param region signing region; blank for the AWS region chain (us-east-1 with an endpoint)
     * @param pathStyle {@code true}, {@code false} or {@code auto} (path-style exactly when an
     *     endpoint is set, which is what MinIO and most self-hosted servers need)
     * @param accessKey access key id; blank for the default AWS credential chain
     * @param secretKey secret access key, set together with {@code accessKey}
     * @param cacheDir where downloaded versions are kept; blank for {@code ${java.io.tmpdir}/plumbline-cache}
     */
    @ConfigurationProperties("s3")
    public record S3(
            @Nullable String endpoint,
            @Nullable String region,
            @Bindable(defaultValue = "auto") String pathStyle,
            @Nullable String accessKey,
            @Nullable String secretKey,
            @Nullable String cacheDir) {

        public S3 {
            if (pathStyle != null && !pathStyle.isBlank()) {
                Require.oneOf(PREFIX + ".s3.path-style", pathStyle, List.of("auto", "true", "false"));
            }
        }

        /** Whether buckets are addressed as {@code endpoint/bucket}. */
        public boolean pathStyleAccess() {
            String p = pathStyle == null ? "auto" : pathStyle.trim();
            if (p.isEmpty() || p.equalsIgnoreCase("auto")) {
                return endpoint != null && !endpoint.isBlank();
            }
            return Boolean.parseBoolean(Require.oneOf(PREFIX + ".s3.path-style", p, List.of("auto", "true", "false")));
        }

        @Override
        public String toString() {
            // Records print every component; the secret must never reach a log line.
            return "S3[endpoint=" + endpoint + ", region=" + region + ", pathStyle=" + pathStyle + ", accessKey="
                    + accessKey + ", secretKey=" + (secretKey == null || secretKey.isBlank() ? "" : "***")
                    + ", cacheDir=" + cacheDir + "]";
        }
    }
}
