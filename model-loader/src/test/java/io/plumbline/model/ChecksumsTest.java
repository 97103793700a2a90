package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChecksumsTest {

    /** sha256("hello\n"), as {@code printf 'hello\n' | sha256sum} prints it. */
    private static final String HELLO_SHA = "5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03";
    /** sha256("") */
    private static final String EMPTY_SHA = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    @TempDir
    Path root;

    Path version;

    @BeforeEach
    void createVersion() throws Exception {
        version = Files.createDirectories(root.resolve("m").resolve("1"));
        Files.writeString(version.resolve("model.onnx"), "hello\n");
        Files.write(version.resolve("empty.bin"), new byte[0]);
    }

    private void sums(String text) throws Exception {
        Files.writeString(version.resolve(Checksums.FILE_NAME), text, StandardCharsets.UTF_8);
    }

    @Test
    void sha256_ofKnownContent() throws Exception {
        assertEquals(HELLO_SHA, Checksums.sha256(version.resolve("model.onnx")));
        assertEquals(EMPTY_SHA, Checksums.sha256(version.resolve("empty.bin")));
    }

    @Test
    void sha256_ofFileLargerThanTheReadBuffer() throws Exception {
        Path big = version.resolve("big.bin");
        byte[] bytes = new byte[(1 << 16) * 3 + 17];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) (i * 31);
        }
        Files.write(big, bytes);
        String expected = java.util.HexFormat.of().formatHex(
                java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertEquals(expected, Checksums.sha256(big));
    }

    @Test
    void sha256_missingFile() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> Checksums.sha256(version.resolve("nope.onnx")));
        assertTrue(e.getMessage().startsWith("cannot read nope.onnx"), e.getMessage());
    }

    @Test
    void verify_withoutSumsFile_verifiesNothing() throws Exception {
        assertEquals(0, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_withSumsDirectoryInsteadOfFile_verifiesNothing() throws Exception {
        Files.createDirectory(version.resolve(Checksums.FILE_NAME));
        assertEquals(0, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_textMarker() throws Exception {
        sums(HELLO_SHA + "  model.onnx\n");
        assertEquals(1, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_binaryMarker() throws Exception {
        sums(HELLO_SHA + " *model.onnx\n");
        assertEquals(1, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_countsEveryListedFile_skippingBlankLinesAndComments() throws Exception {
        sums("# written by sha256sum\n\n" + HELLO_SHA + "  model.onnx\r\n   \n" + EMPTY_SHA + " *empty.bin\n");
        assertEquals(2, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_uppercaseHexIsAccepted() throws Exception {
        sums(HELLO_SHA.toUpperCase() + "  model.onnx\n");
        assertEquals(1, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_fileInSubdirectory() throws Exception {
        Files.createDirectories(version.resolve("assets"));
        Files.writeString(version.resolve("assets/vocab.txt"), "hello\n");
        sums(HELLO_SHA + "  assets/vocab.txt\n");
        assertEquals(1, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_emptySumsFile_verifiesNothing() throws Exception {
        sums("");
        assertEquals(0, Checksums.verify(version, "m/1"));
    }

    @Test
    void verify_mismatch_namesTheFileAndBothSums() throws Exception {
        sums(EMPTY_SHA + "  model.onnx\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        String msg = e.getMessage();
        assertTrue(msg.startsWith("m/1: checksum mismatch for 'model.onnx'"), msg);
        assertTrue(msg.contains("says " + EMPTY_SHA), msg);
        assertTrue(msg.contains("file has " + HELLO_SHA), msg);
    }

    @Test
    void verify_fileChangedAfterSumsWereWritten() throws Exception {
        sums(HELLO_SHA + "  model.onnx\n");
        assertEquals(1, Checksums.verify(version, "m/1"));
        Files.writeString(version.resolve("model.onnx"), "hellO\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
    }

    @Test
    void verify_oneBadLineRefusesTheVersionEvenAfterGoodOnes() throws Exception {
        sums(HELLO_SHA + "  model.onnx\n" + HELLO_SHA + "  empty.bin\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("checksum mismatch for 'empty.bin'"), e.getMessage());
    }

    @Test
    void verify_listedFileMissing() throws Exception {
        sums(HELLO_SHA + "  weights.bin\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertEquals("m/1: SHA256SUMS lists 'weights.bin' but the file is missing", e.getMessage());
    }

    @Test
    void verify_listedDirectoryCountsAsMissing() throws Exception {
        Files.createDirectories(version.resolve("assets"));
        sums(HELLO_SHA + "  assets\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("lists 'assets' but the file is missing"), e.getMessage());
    }

    @Test
    void verify_pathOutsideTheVersionDirectoryIsRefused() throws Exception {
        // The file exists and its checksum is right: it must be refused for where it is, not what it holds.
        Files.writeString(root.resolve("m").resolve("outside"), "hello\n");
        sums(HELLO_SHA + "  ../outside\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertEquals("m/1: SHA256SUMS names '../outside' outside the version directory", e.getMessage());
    }

    @Test
    void verify_pathEscapingThroughASubdirectoryIsRefused() throws Exception {
        sums(HELLO_SHA + "  sub/../../outside\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("outside the version directory"), e.getMessage());
    }

    @Test
    void verify_absolutePathIsRefused() throws Exception {
        Path elsewhere = root.resolve("elsewhere.txt");
        Files.writeString(elsewhere, "hello\n");
        sums(HELLO_SHA + "  " + elsewhere.toAbsolutePath() + "\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("outside the version directory"), e.getMessage());
    }

    @Test
    void verify_malformedLine_namesTheLineNumber() throws Exception {
        sums("# header\n" + HELLO_SHA + "  model.onnx\nnot a checksum line\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertEquals("m/1: SHA256SUMS line 3 is not '<64 hex digits>  <file>'", e.getMessage());
    }

    @Test
    void verify_shortHash_isMalformed() throws Exception {
        sums(HELLO_SHA.substring(1) + "  model.onnx\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("line 1 is not '<64 hex digits>  <file>'"), e.getMessage());
    }

    @Test
    void verify_hashWithoutFileName_isMalformed() throws Exception {
        sums(HELLO_SHA + "\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("line 1 is not"), e.getMessage());
    }

    @Test
    void verify_tabSeparator_isMalformed() throws Exception {
        sums(HELLO_SHA + "\tmodel.onnx\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> Checksums.verify(version, "m/1"));
        assertTrue(e.getMessage().contains("line 1 is not"), e.getMessage());
    }
}
