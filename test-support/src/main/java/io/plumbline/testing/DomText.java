package io.plumbline.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finding things in a page's text (a DOM that {@link Chromium} dumped, or an HTML body) by regular
 * expression, for tests that check what a page shows.
 */
public final class DomText {
    private DomText() {
    }

    /** The first match's group 1 (or the whole match when the pattern has no group); dot matches newlines. */
    public static String match(String text, String regex) {
        Matcher m = Pattern.compile(regex, Pattern.DOTALL).matcher(text);
        if (!m.find()) {
            throw new AssertionError("not in the page: " + regex);
        }
        return m.groupCount() > 0 ? m.group(1) : m.group();
    }

    /** Group 1 of every match, in order. */
    public static List<String> all(String text, String regex) {
        List<String> found = new ArrayList<>();
        Matcher m = Pattern.compile(regex).matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }
}
