package io.plumbline.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The fenced code blocks of a Markdown document, so a test can run a guide's commands exactly as
 * written and compare what they print with the output the guide shows: the doc and the test cannot
 * drift apart. A block is {@code ```lang} (or {@code ~~~lang}) at the start of a line up to the next
 * matching fence; indented fences (inside lists) count too, their indentation removed from the body.
 * The convention for output: a block whose language is {@code text} (or {@code console}, {@code json},
 * {@code output}) directly after a command block, with nothing but blank lines between, is that
 * block's printed output ({@link Block#output()}).
 */
public final class MarkdownCommands {
    private static final List<String> OUTPUT_LANGUAGES = List.of("text", "console", "json", "output");

    /**
     * One fenced block.
     *
     * @param language the info string's first word ({@code sh}, {@code text}, ...; empty when none)
     * @param body the lines between the fences, joined with '\n', with a final '\n'
     * @param line 1-based line number of the opening fence, for messages
     * @param output the output block shown right after it, or null
     */
    public record Block(String language, String body, int line, Block output) {
        /** The body with each {@code from} replaced by its {@code to}, in map order (ports, paths). */
        public String substituted(Map<String, String> replacements) {
            String s = body;
            for (Map.Entry<String, String> e : replacements.entrySet()) {
                s = s.replace(e.getKey(), e.getValue());
            }
            return s;
        }

        @Override
        public String toString() {
            return "```" + language + " block at line " + line;
        }
    }

    private MarkdownCommands() {
    }

    /** Every fenced block of the file, in order, each command block linked to the output block after it. */
    public static List<Block> blocks(Path markdown) throws IOException {
        return parse(Files.readString(markdown, StandardCharsets.UTF_8));
    }

    /** The blocks of {@code language} ({@code sh}, {@code bash}, ...), in order. */
    public static List<Block> blocks(Path markdown, String language) throws IOException {
        return blocks(markdown).stream().filter(b -> b.language().equals(language)).toList();
    }

    /**
     * The first block of {@code language} after the first line containing {@code marker} (prose that
     * names the example), so a test can pick one example out of a long document.
     */
    public static Block after(Path markdown, String marker, String language) throws IOException {
        String text = Files.readString(markdown, StandardCharsets.UTF_8);
        int at = text.indexOf(marker);
        if (at < 0) {
            throw new IllegalArgumentException(markdown + " no longer contains \"" + marker + "\"");
        }
        long markerLine = 1 + text.substring(0, at).chars().filter(c -> c == '\n').count();
        return parse(text).stream().filter(b -> b.line() >= markerLine && b.language().equals(language)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no ```" + language + " block after \"" + marker
                        + "\" in " + markdown));
    }

    static List<Block> parse(String markdown) {
        List<String> lines = markdown.lines().toList();
        List<Object[]> raw = new ArrayList<>(); // language, body, start line, end line
        for (int i = 0; i < lines.size(); i++) {
            String stripped = lines.get(i).stripLeading();
            int indent = lines.get(i).length() - stripped.length();
            String fence = stripped.startsWith("```") ? "```" : stripped.startsWith("~~~") ? "~~~" : null;
            if (fence == null) {
                continue;
            }
            String info = stripped.substring(3).strip();
            String language = info.isEmpty() ? "" : info.split("\\s+")[0];
            StringBuilder body = new StringBuilder();
            int j = i + 1;
            while (j < lines.size() && !lines.get(j).strip().equals(fence)) {
                String l = lines.get(j);
                int cut = Math.min(indent, l.length() - l.stripLeading().length());
                body.append(l.substring(cut)).append('\n');
                j++;
            }
            if (j == lines.size()) {
                throw new IllegalArgumentException("the fence opened at line " + (i + 1) + " is never closed");
            }
            raw.add(new Object[] {language, body.toString(), i + 1, j + 1});
            i = j;
        }
        List<Block> out = new ArrayList<>();
        for (int k = raw.size() - 1; k >= 0; k--) {
            Object[] r = raw.get(k);
            Block output = null;
            if (k + 1 < raw.size() && !OUTPUT_LANGUAGES.contains((String) r[0])) {
                Object[] next = raw.get(k + 1);
                boolean adjacent = lines.subList((int) r[3], (int) next[2] - 1).stream().allMatch(String::isBlank);
                if (adjacent && OUTPUT_LANGUAGES.contains((String) next[0])) {
                    output = out.get(0);
                }
            }
            out.add(0, new Block((String) r[0], (String) r[1], (int) r[2], output));
        }
        return out;
    }
}
