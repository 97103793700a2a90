package io.plumbline.model.s3;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;

/** Builds the S3 client from {@link S3Settings}. */
final class S3Clients {
    private S3Clients() {
    }

    static S3Client create(S3Settings settings) {
        S3ClientBuilder b = S3Client.builder()
                // The JDK's HTTP stack: no Netty or Apache HttpClient in the serving jar.
                .httpClientBuilder(UrlConnectionHttpClient.builder())
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
            // MinIO, S3Proxy and older Ceph reject or mangle the CRC trailers the SDK sends by
            // default since 2.30; SHA256SUMS verifies the bytes we load anyway.
            b.requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED);
            b.responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED);
        }
        if (settings.region() != null) {
            b.region(Region.of(settings.region()));
        } else if (settings.endpoint() != null) {
            b.region(Region.US_EAST_1);
        }
        try {
            return b.build();
        } catch (SdkClientException e) {
            throw new IllegalArgumentException("cannot configure the S3 client for " + settings.location() + ": "
                    + e.getMessage() + " (set plumbline.registry.s3.region, or AWS_REGION)", e);
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.explicitCredentials()) {
            return StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(),
                    settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
