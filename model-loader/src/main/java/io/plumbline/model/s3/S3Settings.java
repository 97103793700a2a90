package io.plumbline.model.s3;

import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * How to reach an S3-compatible repository and where to cache it.
 *
 * @param location bucket and prefix
 * @param endpoint an endpoint override (MinIO, S3Proxy, a VPC endpoint), or null for AWS's own
 * @param region the signing region, or null for the AWS region chain ({@code us-east-1} when an
 *     endpoint is given, since S3-compatible servers ignore it)
 * @param pathStyle address buckets as {@code endpoint/bucket} rather than {@code bucket.endpoint};
 *     MinIO and most self-hosted servers need it
 * @param accessKey explicit access key id, or null for the default AWS credential chain
 * @param secretKey explicit secret key, required with {@code accessKey}
 * @param cacheDir where downloaded versions are kept
 */
public record S3Settings(S3Location location, URI endpoint, String region, boolean pathStyle, String accessKey,
        String secretKey, Path cacheDir) {

    public S3Settings {
        Objects.requireNonNull(location, "location");
        Objects.requireNonNull(cacheDir, "cacheDir");
        accessKey = blankToNull(accessKey);
        secretKey = blankToNull(secretKey);
        region = blankToNull(region);
        if ((accessKey == null) != (secretKey == null)) {
            throw new IllegalArgumentException("plumbline.registry.s3.access-key and secret-key must be set together "
                    + "(or neither, to use the AWS credential chain)");
        }
    }

    /** The default cache directory: {@code ${java.io.tmpdir}/plumbline-cache}. */
    public static Path defaultCacheDir() {
        return Path.of(System.getProperty("java.io.tmpdir"), "plumbline-cache");
    }

    boolean explicitCredentials() {
        return accessKey != null;
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    @Override
    public String toString() {
        // Never print the secret.
        return "S3Settings[" + location + ", endpoint=" + endpoint + ", region=" + region + ", pathStyle="
                + pathStyle + ", accessKey=" + (accessKey == null ? "<chain>" : accessKey) + ", cacheDir="
                + cacheDir + "]";
    }
}
