package io.plumbline.model.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class S3LocationTest {

    @Test
    void parsesBucketAndPrefix() {
        assertEquals(new S3Location("models", "prod/"), S3Location.parse("s3://models/prod"));
        assertEquals(new S3Location("models", "a/b/"), S3Location.parse("s3://models/a/b/"));
        assertEquals(new S3Location("models", ""), S3Location.parse("s3://models"));
        assertEquals(new S3Location("models", ""), S3Location.parse("s3://models/"));
        assertEquals("s3://models/prod/", S3Location.parse("s3://models/prod").toString());
    }

    @Test
    void refusesWhatIsNotAnS3Uri() {
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("file:./models"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://models/a/../b"));
        assertThrows(IllegalArgumentException.class, () -> S3Location.parse("s3://models/a//b"));
    }

    @Test
    void credentialsComeInPairsAndSecretsStayOutOfLogs() {
        S3Location loc = S3Location.parse("s3://models/p");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new S3Settings(loc, null, null, false, "key", null, Path.of("/tmp")));
        assertTrue(e.getMessage().contains("access-key and secret-key must be set together"), e.getMessage());
        String text = new S3Settings(loc, null, null, false, "key", "very-secret", Path.of("/tmp")).toString();
        assertTrue(!text.contains("very-secret"), text);
    }
}
