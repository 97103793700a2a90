package io.plumbline.monitor.html;

/** Escaping for text and attribute values; everything from data (feature and category names) goes through it. */
public final class Html {
    private Html() {
    }

    public static String text(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A fragment-safe id for a feature: its index keeps ids unique whatever characters the name has. */
    static String featureId(int index) {
        return "f" + index;
    }
}
