package io.plumbline.serving.onboard;

import java.io.File;
import java.nio.file.Path;

/** The exact command line that serves a repository with the jar this command runs from. */
final class ServeCommand {
    private ServeCommand() {
    }

    static String line(Path repo) {
        return "PLUMBLINE_REGISTRY_URI=file:" + repo + " java -jar " + jar();
    }

    /**
     * The jar as the user named it: under {@code java -jar X} the class path is {@code X} as typed, relative
     * or absolute, so the printed command works from the same directory. Elsewhere (tests) the jar's name.
     */
    static String jar() {
        String cp = System.getProperty("java.class.path", "");
        return cp.endsWith(".jar") && !cp.contains(File.pathSeparator) ? cp : "plumbline-serving.jar";
    }
}
