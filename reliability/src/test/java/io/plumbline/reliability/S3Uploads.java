package io.plumbline.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Puts test models into the bucket, as an operator's {@code aws s3 sync} would: a client independent of
 * serving's (Apache's HTTP stack, not the JDK's), signed with the keys {@link S3ProxyChild} checks.
 */
final class S3Uploads implements AutoCloseable {
    private final S3Client client;

    S3Uploads(URI endpoint) {
        client = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                // S3Proxy rejects the CRC trailers the SDK sends by default (as in model-loader's tests).
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(S3ProxyChild.ACCESS_KEY, S3ProxyChild.SECRET_KEY)))
                .build();
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    /** Uploads every file below {@code dir} to {@code keyPrefix + its relative path}; returns the count. */
    int upload(Path dir, String bucket, String keyPrefix) throws IOException {
        int count = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile).sorted()::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                client.putObject(b -> b.bucket(bucket).key(keyPrefix + rel), RequestBody.fromFile(p));
                count++;
            }
        }
        return count;
    }

    @Override
    public void close() {
        client.close();
    }
}
