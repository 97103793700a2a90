package io.plumbline.model.s3;

import io.plumbline.model.ModelLoadException;
import java.util.Set;
import java.util.regex.Pattern;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Turns SDK exceptions into messages that say what to fix. */
final class S3Errors {
    private static final Set<String> ACCESS_CODES = Set.of("AccessDenied", "InvalidAccessKeyId",
            "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken", "AllAccessDisabled");
    /** ", Request ID: 4442587FB7D0A2F9", ", Extended Request ID: ..." and " (SDK Attempt Count: 4)". */
    private static final Pattern PER_REQUEST = Pattern.compile(
            ", (?:Extended )?Request ID: [^,)]*| \\(SDK Attempt Count: \\d+\\)");

    private S3Errors() {
    }

    /**
     * @param action what was being done, e.g. {@code listing models}
     */
    static ModelLoadException translate(SdkException e, S3Location location, String action) {
        if (e instanceof NoSuchBucketException) {
            return new ModelLoadException("S3 bucket '" + location.bucket() + "' does not exist (" + action + " in "
                    + location + "): check plumbline.registry.uri and plumbline.registry.s3.endpoint", e);
        }
        if (e instanceof S3Exception s3) {
            String code = s3.awsErrorDetails() == null ? null : s3.awsErrorDetails().errorCode();
            if (s3.statusCode() == 403 || s3.statusCode() == 401 || (code != null && ACCESS_CODES.contains(code))) {
                return new ModelLoadException("S3 access denied for " + location + " while " + action + " ("
                        + (code == null ? "HTTP " + s3.statusCode() : code) + "): check plumbline.registry.s3.access-key"
                        + " and secret-key (PLUMBLINE_REGISTRY_S3_ACCESS_KEY / _SECRET_KEY) or the AWS credential "
                        + "chain, and that the credentials may list and read the bucket", e);
            }
            return new ModelLoadException("S3 error " + action + " in " + location + ": "
                    + (code == null ? "HTTP " + s3.statusCode() : code) + " " + firstLine(s3.getMessage()), e);
        }
        if (e instanceof SdkClientException && String.valueOf(e.getMessage()).contains("credentials")) {
            return new ModelLoadException("no AWS credentials for " + location + ": set plumbline.registry.s3.access-key"
                    + " and secret-key, or provide them through the AWS credential chain (AWS_ACCESS_KEY_ID, "
                    + "~/.aws/credentials, an instance role): " + firstLine(e.getMessage()), e);
        }
        return new ModelLoadException("cannot reach S3 for " + location + " (" + action + "): "
                + firstLine(e.getMessage()) + " (check plumbline.registry.s3.endpoint and the network)", e);
    }

    /**
     * The first line, without the parts the SDK changes on every request (request IDs, the attempt count):
     * the registry logs a failing poll once per distinct message, so with them it logged every poll.
     */
    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return PER_REQUEST.matcher(nl < 0 ? s : s.substring(0, nl)).replaceAll("");
    }
}
