package io.plumbline.ops;

/** Fenced code blocks of a Markdown document, found by the text that precedes them. */
final class Markdown {
    private Markdown() {
    }

    /**
     * The body of the first block fenced with {@code ```lang} ({@code lang} empty: a bare {@code ```})
     * after the first occurrence of {@code marker}. Fences are paired in order, so the closing fence
     * of one block is never taken for the opening of the next.
     */
    static String block(String doc, String marker, String lang) {
        int at = doc.indexOf(marker);
        if (at < 0) {
            throw new AssertionError("the document no longer contains \"" + marker + "\"");
        }
        String[] lines = doc.substring(doc.lastIndexOf('\n', at) + 1).split("\n", -1);
        StringBuilder body = null;
        String info = null;
        for (String line : lines) {
            if (line.startsWith("```")) {
                if (body == null) {
                    info = line.substring(3).strip();
                    body = new StringBuilder();
                    continue;
                }
                if (info.equals(lang)) {
                    return body.toString();
                }
                body = null;
                continue;
            }
            if (body != null) {
                body.append(line).append('\n');
            }
        }
        throw new AssertionError("no ```" + lang + " block after \"" + marker + "\"");
    }
}
