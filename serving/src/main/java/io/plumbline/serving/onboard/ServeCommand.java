package io.plumbline.serving.onboard;

import java.nio.file.Path;

/** The exact command line that serves a repository with the jar this command runs from. */
final class ServeCommand {
    private ServeCommand() {
    }

    static String line(Path repo) {
        return "PLUMBLINE_REGISTRY_URI=file:" + repo + " java -jar " + jar();
    }

    /** This jar, relative to the working directory when it lies below it (as in the README's commands). */
    static String jar() {
        try {
            Path self = Path.of(ServeCommand.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (!self.getFileName().toString().endsWith(".jar")) {
                return "plumbline-serving.jar";
            }
            Path cwd = Path.of("").toAbsolutePath();
            return self.startsWith(cwd) ? cwd.relativize(self).toString() : self.toString();
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return "plumbline-serving.jar";
        }
    }
}
