package io.plumbline.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Dockerfiles cannot be built here (no Docker engine), so this checks the properties that
 * matter in production: multi-stage with the wrapper, JRE runtime, non-root, health check, JVM
 * container flags, DJL offline.
 */
class DockerfilesTest {

    @ParameterizedTest
    @ValueSource(strings = {"docker/serving.Dockerfile", "docker/monitor.Dockerfile"})
    void buildsWithTheWrapperAndRunsOnAJreAsNonRoot(String file) {
        String text = Repo.read(file);
        List<String> froms = Pattern.compile("(?m)^FROM\\s+(\\S+)").matcher(text).results().map(m -> m.group(1)).toList();
        assertEquals(List.of("eclipse-temurin:17-jdk", "eclipse-temurin:17-jre"), froms, file);
        assertTrue(text.contains("./mvnw -B"), file + " must build with the Maven wrapper");
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(text);
        assertTrue(user.find(), file + " has no USER");
        assertTrue(!user.group(1).startsWith("root") && !user.group(1).startsWith("0"), file + " runs as root");
        assertTrue(Pattern.compile("(?m)^HEALTHCHECK\\s").matcher(text).find(), file + " has no HEALTHCHECK");
        for (String flag : List.of("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError", "-Dai.djl.offline=true",
                "DJL_OFFLINE=true")) {
            assertTrue(text.contains(flag), file + " lacks " + flag);
        }
        assertTrue(Pattern.compile("(?m)^ENTRYPOINT \\[\"java\"").matcher(text).find(),
                file + ": exec-form ENTRYPOINT, so the JVM gets SIGTERM");
    }

    @ParameterizedTest
    @ValueSource(strings = {"docker/serving.Dockerfile", "docker/monitor.Dockerfile"})
    void hasADockerignoreThatKeepsBuildOutputOut(String file) {
        assertTrue(Repo.read(file + ".dockerignore").lines().anyMatch(l -> l.trim().equals("**/target")), file);
    }

    @Test
    void servingIsHealthyWhenReady() {
        assertTrue(Repo.read("docker/serving.Dockerfile").contains("/v2/health/ready"));
    }

    /** The image trains its class-data archive at build time and every container starts from it (WarmUpIT runs the recipe). */
    @Test
    void servingStartsFromTheClassDataArchiveItTrained() {
        String text = Repo.read("docker/serving.Dockerfile");
        assertTrue(Pattern.compile("(?m)^RUN java -XX:ArchiveClassesAtExit=/app/plumbline.jsa .*\\\\\\n\\s+-jar "
                + "/app/plumbline-serving.jar warm-up").matcher(text).find(), text);
        assertTrue(text.contains("ENTRYPOINT [\"java\", \"-XX:SharedArchiveFile=/app/plumbline.jsa\","), text);
    }
}
