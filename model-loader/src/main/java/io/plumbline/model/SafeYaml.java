package io.plumbline.model;

import java.io.InputStream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * Parses a repository's YAML files (manifests, aliases), which anyone with write access to the
 * repository controls: plain types only, no duplicate keys, few aliases (no "billion laughs"), a
 * size limit, and every parse failure as a {@link ModelLoadException} naming the file.
 */
final class SafeYaml {
    private SafeYaml() {
    }

    /** The document's plain Java value (maps, lists, scalars), or null for an empty document. */
    static Object load(InputStream in, String source, int codePointLimit) throws ModelLoadException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        options.setMaxAliasesForCollections(10);
        options.setCodePointLimit(codePointLimit);
        try {
            return new Yaml(new SafeConstructor(options)).load(in);
        } catch (RuntimeException e) {
            // SnakeYAML reports most malformed input as YAMLException, but hostile tags reach its
            // constructors and fail there with other runtime exceptions: IllegalArgumentException for
            // !%3Fl%3, ClassCastException for !!null on a sequence (both found by AliasesReaderFuzzTest).
            // Only SnakeYAML runs inside this try, so any of them means: not YAML we accept.
            throw new ModelLoadException(source + " is not valid YAML: " + firstLine(e.getMessage()), e);
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
