package io.plumbline.model;

/**
 * Validates names that arrive from requests or repository listings before they can touch a path.
 * A name is 1-128 characters of {@code [A-Za-z0-9_.-]}, not {@code .} or {@code ..} and without
 * a {@code ..} run, so no request can walk out of the repository, whatever its URL encoding.
 */
public final class ModelName {
    private static final int MAX_LENGTH = 128;

    private ModelName() {
    }

    public static boolean isValid(String name) {
        if (name == null || name.isEmpty() || name.length() > MAX_LENGTH || name.equals(".")) {
            return false;
        }
        // A loop, not a regex: every infer call checks its model name, and the matcher showed in profiles.
        char previous = 0;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!allowed(c) || c == '.' && previous == '.') {
                return false;
            }
            previous = c;
        }
        return true;
    }

    private static boolean allowed(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '.'
                || c == '-';
    }

    /**
     * @return the name, unchanged
     * @throws InvalidNameException naming what was wrong
     */
    public static String requireValid(String what, String name) {
        if (!isValid(name)) {
            throw new InvalidNameException(what + " name '" + printable(name)
                    + "' is invalid: use 1-128 characters of letters, digits, '_', '.', '-' and no '..'");
        }
        return name;
    }

    /** Escapes control characters so a hostile name cannot forge log lines or break JSON. */
    public static String printable(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder b = new StringBuilder(Math.min(s.length(), 140));
        for (int i = 0; i < s.length() && i < 128; i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (s.length() > 128) {
            b.append("...");
        }
        return b.toString();
    }
}
