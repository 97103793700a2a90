package io.plumbline.serving;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.model.signing.SignaturePolicy;
import io.plumbline.model.signing.SignatureVerifier;
import io.plumbline.model.signing.TrustedKeys;
import io.plumbline.model.testing.TestKeys;
import io.plumbline.model.testing.TestRepos;
import io.plumbline.testing.ChildProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The documented command, on the packaged jar: {@code java -jar plumbline-serving.jar sign --key
 * private.pem models/weather/1} signs the version without starting the server, and the signature
 * verifies with the public key.
 */
class SignCommandIT {
    private static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    private int run(String name, String... args) throws Exception {
        ChildProcess p = ChildProcess.start(name, ChildProcess.java(concat("-jar", JAR.toString(), args)), Map.of(),
                tmp, tmp.resolve(name + ".log"));
        return p.await(Duration.ofSeconds(60));
    }

    @Test
    void signsAVersion_andTheSignatureVerifies() throws Exception {
        Path version = TestRepos.copyDemo(tmp.resolve("models"), "weather").resolve("1");
        Path key = TestKeys.write(TestKeys.generate("Ed25519"), tmp.resolve("keys"), "team");
        assertEquals(0, run("sign", "sign", "--key", key.toString(), version.toString()),
                () -> read(tmp.resolve("sign.log")));
        String out = read(tmp.resolve("sign.log"));
        assertTrue(out.contains("signed " + version.resolve("SHA256SUMS")), out);
        assertTrue(!out.contains("Startup completed"), "the server did not start: " + out);
        String verified = new SignatureVerifier(new SignaturePolicy(true, List.of()),
                TrustedKeys.load(List.of(TestKeys.publicPem(key)))).verify("weather", version, "weather/1");
        assertTrue(verified.contains("signed by trusted key"), verified);

        assertEquals(2, run("usage", "sign", version.toString()));
        assertTrue(read(tmp.resolve("usage.log")).contains("usage: sign --key"));
    }

    private static String read(Path log) {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(no log: " + e + ")";
        }
    }

    private static String[] concat(String a, String b, String... rest) {
        String[] out = new String[rest.length + 2];
        out[0] = a;
        out[1] = b;
        System.arraycopy(rest, 0, out, 2, rest.length);
        return out;
    }
}
