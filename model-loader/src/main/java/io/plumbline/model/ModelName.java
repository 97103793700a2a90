package io.plumbline.model;

import java.util.regex.Pattern;

/**
 * Validates names that arrive from requests or repository listings before they can touch a path.
 * A name is 1-128 characters of {@code [A-Za-z0-9_.-]}, not {@code .} or {@code ..} and without
 * a {@code ..} run, so no request can walk out of the repository, whatever its URL encoding.
 */
public final class ModelName {
    private static final Pattern ALLOWED = Pattern.compile("[A-Za-z0-9_.-]{1,128}");

    private ModelName() {
    }

    public static boolean isValid(String name) {
        return name != null && ALLOWED.matcher(name).matches() && !name.contains("..") && !name.equals(".");
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
