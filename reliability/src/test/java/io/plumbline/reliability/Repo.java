package io.plumbline.reliability;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Paths in the repository; tests run with the module directory ({@code reliability/}) as working directory. */
final class Repo {
    static final Path ROOT = findRoot();

    private Repo() {
    }

    static Path path(String relative) {
        return ROOT.resolve(relative);
    }

    /** A packaged service jar; fails with what to run when it is missing. */
    static Path jar(String relative) {
        Path jar = path(relative);
        assertTrue(Files.isRegularFile(jar), jar + " is missing: package serving and monitor first (./mvnw -B verify "
                + "does; or ./mvnw -q -DskipTests install -pl serving,monitor -am)");
        return jar;
    }

    /** {@code reliability/target/reliability}: the rows of the scenarios and the children's logs. */
    static Path output() {
        return path("reliability/target/reliability");
    }

    private static Path findRoot() {
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("reliability"))) {
                return p;
            }
        }
        throw new IllegalStateException("not inside the Plumbline repository: " + dir);
    }
}
