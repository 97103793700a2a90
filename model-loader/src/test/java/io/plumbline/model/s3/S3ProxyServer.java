package io.plumbline.model.s3;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * A real S3 server for tests: S3Proxy on a free loopback port with an in-memory store, signing
 * checked (AWS V2 or V4) against one key pair, path-style addressing. The fixture client that
 * uploads test data is separate from the one under test and uses another HTTP stack (Apache's).
 */
final class S3ProxyServer implements AutoCloseable {
    static final String ACCESS_KEY = "plumbline-test";
    static final String SECRET_KEY = "plumbline-test-secret";

    private final S3Proxy proxy;
    private final URI endpoint;
    private final S3Client client;

    S3ProxyServer() throws Exception {
        proxy = S3Proxy.builder()
                .blobStore(new TransientNio2BlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                .build();
        proxy.start();
        long deadline = System.nanoTime() + 10_000_000_000L;
        while (!"STARTED".equals(proxy.getState())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("S3Proxy did not start: " + proxy.getState());
            }
            Thread.sleep(5);
        }
        endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
        client = S3Client.builder()
                .httpClientBuilder(ApacheHttpClient.builder())
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .forcePathStyle(true)
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
                .build();
    }

    URI endpoint() {
        return endpoint;
    }

    void createBucket(String bucket) {
        client.createBucket(b -> b.bucket(bucket));
    }

    void put(String bucket, String key, byte[] bytes) {
        client.putObject(b -> b.bucket(bucket).key(key), RequestBody.fromBytes(bytes));
    }

    void delete(String bucket, String key) {
        client.deleteObject(b -> b.bucket(bucket).key(key));
    }

    /** Uploads every file below {@code dir} to {@code keyPrefix + relative path}. */
    void upload(Path dir, String bucket, String keyPrefix) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                String rel = dir.relativize(p).toString().replace('\\', '/');
                put(bucket, keyPrefix + rel, Files.readAllBytes(p));
            }
        }
    }

    /** Settings for the repository under test, with the given credentials. */
    S3Settings settings(String uri, String accessKey, String secretKey, Path cacheDir) {
        return new S3Settings(S3Location.parse(uri), endpoint, null, true, accessKey, secretKey, cacheDir);
    }

    @Override
    public void close() throws Exception {
        client.close();
        proxy.stop();
    }
}
