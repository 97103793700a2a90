package io.plumbline.serving.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import io.plumbline.model.Checksums;
import io.plumbline.model.ModelCatalog;
import io.plumbline.model.VersionState;
import io.plumbline.model.testing.TestKeys;
import io.plumbline.testing.Await;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Required signatures in the running server, through the registry watcher's polls of a real file
 * repository: an unsigned version, one signed by an untrusted key and one tampered after signing
 * are each refused with the reason in the repository index, while the signed version 1 keeps
 * answering; signing the unsigned one makes it serve on the next poll.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SignedReloadTest implements TestPropertyProvider {
    private static final Duration AWAIT = Duration.ofSeconds(30);
    private static final String BODY = "{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],\"datatype\":\"FP32\","
            + "\"data\":[1.2,25.0,14.0,2.2]}]}";

    @Inject
    EmbeddedServer server;
    @Inject
    ModelCatalog catalog;

    private Path repo;
    private Path trusted;
    private Path untrusted;
    private V2Client client;

    @Override
    public Map<String, String> getProperties() {
        try {
            Path work = Files.createTempDirectory("plumbline-signed");
            repo = Files.createDirectories(work.resolve("repo"));
            trusted = TestKeys.write(TestKeys.generate("EC"), work.resolve("private"), "team");
            untrusted = TestKeys.write(TestKeys.generate("EC"), work.resolve("untrusted"), "stranger");
            // The server's key directory holds public keys only.
            Files.createDirectories(work.resolve("trusted"));
            Files.copy(TestKeys.publicPem(trusted), work.resolve("trusted/team.pem"));
            Path model = repo.resolve("signed");
            TestRepository.copyDemo(model);
            Files.writeString(model.resolve("model.yaml"), Files.readString(model.resolve("model.yaml"))
                    .replace("latest: 1", "all"));
            TestKeys.sign(trusted, model.resolve("1"));
            return Map.of("plumbline.registry.uri", repo.toString(), "micronaut.server.port", "-1",
                    "plumbline.registry.poll-interval", "200ms",
                    "plumbline.registry.require-signature", "true",
                    "plumbline.registry.trusted-keys", work.resolve("trusted").toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @BeforeAll
    void start() {
        client = new V2Client(server.getURI());
        client.awaitReady();
    }

    private void publish(long version, Consumer<Path> prepare) throws IOException {
        Path staging = Files.createTempDirectory(repo, ".staging");
        for (String f : List.of("model.onnx", "reference-profile.json", Checksums.FILE_NAME)) {
            Files.copy(TestRepository.DEMO.resolve("1").resolve(f), staging.resolve(f));
        }
        prepare.accept(staging);
        Files.move(staging, repo.resolve("signed").resolve(Long.toString(version)), StandardCopyOption.ATOMIC_MOVE);
    }

    private String index(long version) {
        return catalog.index().stream().filter(s -> s.model().equals("signed") && s.version() == version)
                .map(s -> s.state() + " " + s.reason()).findFirst().orElse("");
    }

    private String servedVersion() {
        V2Client.Reply r = client.post("/v2/models/signed/infer", BODY);
        assertEquals(200, r.status(), new String(r.body()));
        return r.json().get("model_version").asText();
    }

    @Test
    void refusedVersionsAreReportedAndVersion1KeepsServing_untilASignedVersionArrives() throws Exception {
        assertEquals("1", servedVersion());
        assertEquals(VersionState.READY + " ", index(1));

        publish(2, dir -> { });
        Await.until(() -> index(2).startsWith("UNAVAILABLE signed/2: unsigned"), AWAIT, () -> "2: " + index(2));
        assertEquals("1", servedVersion());

        publish(3, dir -> TestKeys.sign(untrusted, dir));
        Await.until(() -> index(3).contains("does not verify with any of the 1 trusted key(s)"), AWAIT,
                () -> "3: " + index(3));
        assertEquals("1", servedVersion());

        publish(4, dir -> {
            TestKeys.sign(trusted, dir);
            try {
                byte[] b = Files.readAllBytes(dir.resolve("model.onnx"));
                b[100] ^= 1;
                Files.write(dir.resolve("model.onnx"), b);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        Await.until(() -> index(4).contains("checksum mismatch for 'model.onnx'"), AWAIT, () -> "4: " + index(4));
        assertEquals("1", servedVersion());
        assertEquals(404, client.get("/v2/models/signed/versions/2/ready").status());

        TestKeys.sign(trusted, repo.resolve("signed/2"));
        // The index turns READY a moment before the routing publishes it: wait for an answer from 2.
        Await.until(() -> servedVersion().equals("2"), AWAIT, () -> "2 after signing: " + index(2));
        assertEquals("READY ", index(2));
        assertTrue(index(3).startsWith("UNAVAILABLE") && index(4).startsWith("UNAVAILABLE"), index(3) + index(4));
    }
}
