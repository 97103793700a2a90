package io.plumbline.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MarkdownCommandsTest {
    private static final String DOC = """
            # Title

            Run this:

            ```sh
            java -jar x.jar add \\
              --flag 1
            ```

            ```text
            wrote a
            ```

            Prose, then a block with no output:

            ```sh
            curl -s localhost:8080/x
            ```

            Text in between.

            ```text
            not its output: prose came between
            ```

            1. In a list:

               ```python
               print("x")
               ```
            """;

    @Test
    void blocks_inOrder_withTheirOutputs() {
        List<MarkdownCommands.Block> blocks = MarkdownCommands.parse(DOC);
        assertEquals(List.of("sh", "text", "sh", "text", "python"),
                blocks.stream().map(MarkdownCommands.Block::language).toList());
        assertEquals("java -jar x.jar add \\\n  --flag 1\n", blocks.get(0).body());
        assertEquals(5, blocks.get(0).line());
        assertEquals("wrote a\n", blocks.get(0).output().body());
        assertNull(blocks.get(2).output(), "prose between a command and a text block: not its output");
        assertEquals("print(\"x\")\n", blocks.get(4).body(), "indentation of a list item's fence removed");
    }

    @Test
    void substituted_replacesPortsAndPaths() {
        MarkdownCommands.Block b = MarkdownCommands.parse(DOC).get(2);
        assertEquals("curl -s localhost:40123/x\n", b.substituted(Map.of("localhost:8080", "localhost:40123")));
    }

    @Test
    void anUnclosedFence_isAnError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> MarkdownCommands.parse("a\n```sh\nls\n"));
        assertEquals("the fence opened at line 2 is never closed", e.getMessage());
    }

    @Test
    void after_picksTheFirstBlockOfTheLanguageAfterTheMarker(@TempDir Path dir) throws IOException {
        Path doc = Files.writeString(dir.resolve("d.md"),
                "```sh\nfirst\n```\n\nThe example:\n\n```text\nnot sh\n```\n```sh\nsecond\n```\n");
        assertEquals("second\n", MarkdownCommands.after(doc, "The example:", "sh").body());
        assertEquals("not sh\n", MarkdownCommands.after(doc, "The example:", "text").body());
        assertThrows(IllegalArgumentException.class, () -> MarkdownCommands.after(doc, "absent", "sh"));
    }
}
