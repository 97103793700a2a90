package io.plumbline.model.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * The same failure twice gives the same message: the registry watcher logs a failing poll once per distinct
 * message, so a request ID or attempt count in it made every poll log a line (seen by the reliability
 * suite's S3 outage scenario, S3 answering 500).
 */
class S3ErrorsTest {
    private static final S3Location LOCATION = S3Location.parse("s3://models/prod");

    @Test
    void aServerErrorReadsTheSameOnEveryRequest() {
        String first = S3Errors.translate(internalError("64B98D0AE39FDD68", 4), LOCATION, "listing models").getMessage();
        String second = S3Errors.translate(internalError("3642DC570095BA17", 1), LOCATION, "listing models").getMessage();
        assertEquals(first, second);
        assertTrue(first.contains("InternalError") && first.contains("Status Code: 500"), first);
        assertFalse(first.contains("Request ID") || first.contains("Attempt"), first);
    }

    @Test
    void anUnreachableEndpointReadsTheSameWhateverTheRetries() {
        String four = S3Errors.translate(refused(4), LOCATION, "listing models").getMessage();
        String one = S3Errors.translate(refused(1), LOCATION, "listing models").getMessage();
        assertEquals(four, one);
        assertTrue(four.contains("Connection refused"), four);
    }

    private static S3Exception internalError(String requestId, int attempts) {
        return (S3Exception) S3Exception.builder().statusCode(500).requestId(requestId).extendedRequestId("ext-" + requestId)
                .message("An internal error occurred. Try again.")
                .awsErrorDetails(AwsErrorDetails.builder().errorCode("InternalError").serviceName("S3")
                        .errorMessage("An internal error occurred. Try again.").build())
                .numAttempts(attempts).build();
    }

    private static SdkClientException refused(int attempts) {
        return SdkClientException.builder().message("Unable to execute HTTP request: Connection refused")
                .numAttempts(attempts).build();
    }
}
