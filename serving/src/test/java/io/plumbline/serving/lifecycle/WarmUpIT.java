package io.plumbline.serving.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.plumbline.testing.ChildProcess;
import io.plumbline.testing.MarkdownCommands;
import io.plumbline.testing.ServingProcess;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's class-data archive recipe ("Faster start-up"), run as written on the packaged jar and the demo
 * model: the {@code warm-up} training run sends the model its three requests and exits 0 although the configured HTTP
 * port is taken (it uses free ports of its own); a server started from the archive with {@code -Xshare:on}
 * (which refuses to start on an unusable archive) becomes ready, answers, and loaded every Plumbline class it
 * needed for start-up and a request from the archive, not from the jar: the request path is in it too.
 */
class WarmUpIT {
    private static final Path JAR = Path.of("target", "plumbline-serving.jar").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void warmUpWritesAnArchive_thatStartsTheServerAndServesFromIt() throws Exception {
        Path archive = tmp.resolve("plumbline.jsa");
        MarkdownCommands.Block readme = MarkdownCommands.after(Path.of("..", "README.md"),
                "### Faster start-up: a class-data archive", "sh");
        List<List<String>> commands = readme.substituted(Map.of("plumbline.jsa", archive.toString(),
                "serving/target/plumbline-serving.jar", JAR.toString())).lines()
                .map(l -> List.of(l.split(" "))).toList();
        assertEquals(2, commands.size(), readme.toString());
        List<String> training = commands.get(0);
        assertEquals(List.of("java", "-jar", JAR.toString(), "warm-up"), List.of(training.get(0),
                training.get(training.size() - 3), training.get(training.size() - 2), training.get(training.size() - 1)));
        String repository = "file:" + Path.of("..", "models").toAbsolutePath().normalize();
        try (ServerSocket taken = new ServerSocket(0);
                ChildProcess warmUp = ChildProcess.start("warm-up", ChildProcess.java(training.subList(1,
                        training.size()).toArray(String[]::new)), Map.of("PLUMBLINE_REGISTRY_URI", repository,
                                "MICRONAUT_SERVER_PORT", Integer.toString(taken.getLocalPort())),
                        tmp, tmp.resolve("warm-up.log"))) {
            assertEquals(0, warmUp.await(Duration.ofMinutes(3)), warmUp.tail(40));
            List<String> lines = Files.readAllLines(warmUp.log(), StandardCharsets.UTF_8);
            assertEquals(readme.output().body().lines().toList(),
                    lines.stream().filter(l -> l.startsWith("warm-up:")).toList(), warmUp.tail(40));
            assertTrue(lines.stream().noneMatch(l -> l.contains("[cds")), "the training run is quiet:\n"
                    + warmUp.tail(40));
        }
        assertTrue(Files.size(archive) > 1 << 20, "archive of " + Files.size(archive) + " bytes");

        // The second command's JVM options, plus: refuse to start without the archive, and log each class's source.
        List<String> serve = commands.get(1);
        assertEquals(List.of("java", "-jar", JAR.toString()), List.of(serve.get(0), serve.get(serve.size() - 2),
                serve.get(serve.size() - 1)));
        Path classes = tmp.resolve("classes.txt");
        String options = String.join(" ", serve.subList(1, serve.size() - 2)) + " -Xshare:on"
                + " -Xlog:class+load=info:file=" + classes;
        try (ServingProcess serving = ServingProcess.start(JAR, repository, Map.of("JDK_JAVA_OPTIONS", options), tmp)) {
            HttpResponse<String> reply = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    serving.uri("/v2/models/weather/infer")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"inputs\":[{\"name\":\"features\",\"shape\":[1,4],"
                            + "\"datatype\":\"FP32\",\"data\":[0.5,20.1,11.2,3.0]}]}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, reply.statusCode(), reply.body());
            serving.sigterm();
            assertEquals(0, serving.awaitExit(Duration.ofSeconds(60)), serving.log());
        }
        List<String> plumbline = Files.readAllLines(classes, StandardCharsets.UTF_8).stream()
                .filter(l -> l.contains("] io.plumbline.") && !l.contains("$$Lambda")).toList();
        assertTrue(plumbline.size() > 300, plumbline.size() + " Plumbline classes loaded");
        List<String> fromJar = plumbline.stream().filter(l -> !l.endsWith("source: shared objects file (top)"))
                .toList();
        assertEquals(List.of(), fromJar, "Plumbline classes not from the archive");
    }
}
