package io.plumbline.serving.security;

import java.util.regex.Pattern;

/**
 * One grant: an API group and a model pattern, written {@code infer:weather}, {@code infer:fraud-*},
 * {@code read} (all models, and the model-less endpoints). A request without a model (server
 * metadata, the repository index) needs the unrestricted form: a pattern can only narrow a grant.
 *
 * @param api the group
 * @param pattern model names, {@code *} matching any run of characters
 */
record Scope(Api api, String pattern) {
    static final String ANY = "*";
    private static final Pattern PATTERN = Pattern.compile("[A-Za-z0-9_.*-]+");

    /** Parses {@code api} or {@code api:pattern}; a one-line reason otherwise. */
    static Scope parse(String text) {
        String t = text == null ? "" : text.trim();
        int colon = t.indexOf(':');
        String group = colon < 0 ? t : t.substring(0, colon);
        String pattern = colon < 0 ? ANY : t.substring(colon + 1);
        Api api = Api.parse(group);
        if (api == null) {
            throw new IllegalArgumentException("scope '" + abbreviate(t) + "' does not start with one of "
                    + "infer, read, admin, probe, metrics");
        }
        if (!PATTERN.matcher(pattern).matches()) {
            throw new IllegalArgumentException("scope '" + abbreviate(t) + "': the model pattern may hold only "
                    + "letters, digits, '_', '.', '-' and '*'");
        }
        return new Scope(api, pattern);
    }

    boolean covers(Api requested, String model) {
        if (requested != api) {
            return false;
        }
        if (pattern.equals(ANY)) {
            return true;
        }
        return model != null && glob(pattern, model);
    }

    /** Glob match with '*' only, iterative (no regex built from configuration, no backtracking blow-up). */
    static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && pattern.charAt(p) != '*' && pattern.charAt(p) == text.charAt(t)) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    static String abbreviate(String s) {
        return s.length() > 100 ? s.substring(0, 100) + "..." : s;
    }

    @Override
    public String toString() {
        return pattern.equals(ANY) ? api.wireName() : api.wireName() + ":" + pattern;
    }
}
