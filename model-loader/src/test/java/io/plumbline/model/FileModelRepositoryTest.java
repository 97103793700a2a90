package io.plumbline.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileModelRepositoryTest {

    @TempDir
    Path repo;

    private FileModelRepository repository() {
        return new FileModelRepository(repo);
    }

    private void dirs(String... paths) throws Exception {
        for (String p : paths) {
            Files.createDirectories(repo.resolve(p));
        }
    }

    @Test
    void modelNames_listsValidDirectoriesSorted() throws Exception {
        dirs("zeta", "alpha", "m-1.v_2");
        assertEquals(List.of("alpha", "m-1.v_2", "zeta"), repository().modelNames());
    }

    @Test
    void modelNames_skipsHiddenInvalidAndPlainFiles() throws Exception {
        dirs("good", ".hidden", ".git", "bad name", "a..b", "caf\u00e9");
        Files.writeString(repo.resolve("README.md"), "not a model");
        Files.writeString(repo.resolve("file-model"), "not a directory");
        assertEquals(List.of("good"), repository().modelNames());
    }

    @Test
    void modelNames_emptyRepository() throws Exception {
        assertEquals(List.of(), repository().modelNames());
    }

    @Test
    void modelNames_missingRepository_isAClearError() {
        Path missing = repo.resolve("nope");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new FileModelRepository(missing).modelNames());
        assertTrue(e.getMessage().startsWith("model repository " + missing.toAbsolutePath()
                + " does not exist or is not a directory"), e.getMessage());
        assertTrue(e.getMessage().contains("PLUMBLINE_REGISTRY_URI"), e.getMessage());
    }

    @Test
    void modelNames_repositoryIsAFile_isAClearError() throws Exception {
        Path file = Files.writeString(repo.resolve("models"), "x");
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new FileModelRepository(file).modelNames());
        assertTrue(e.getMessage().contains("does not exist or is not a directory"), e.getMessage());
    }

    @Test
    void versions_onlyPositiveIntegerDirectories() throws Exception {
        dirs("m/1", "m/2", "m/10", "m/abc", "m/0", "m/-1", "m/1.5", "m/.3", "m/v3", "m/ 4",
                "m/1234567890123456789");
        Files.writeString(repo.resolve("m/7"), "a file, not a version directory");
        Files.writeString(repo.resolve("m/model.yaml"), "");
        assertEquals(new TreeSet<>(List.of(1L, 2L, 10L)), repository().versions("m"));
    }

    @Test
    void versions_areAscendingNumerically() throws Exception {
        dirs("m/9", "m/10", "m/100", "m/2");
        assertEquals(List.of(2L, 9L, 10L, 100L), List.copyOf(repository().versions("m")));
    }

    @Test
    void versions_ofAModelWithoutVersions_isEmpty() throws Exception {
        dirs("m");
        assertTrue(repository().versions("m").isEmpty());
    }

    @Test
    void versions_ofAMissingModel_isAnError() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> repository().versions("ghost"));
        assertTrue(e.getMessage().startsWith("model 'ghost' is not in repository"), e.getMessage());
    }

    @Test
    void parseVersion_positiveDecimalIntegers() {
        assertEquals(1L, FileModelRepository.parseVersion("1"));
        assertEquals(42L, FileModelRepository.parseVersion("42"));
        assertEquals(999_999_999_999_999_999L, FileModelRepository.parseVersion("999999999999999999"));
    }

    @Test
    void parseVersion_refusesEverythingElse() {
        for (String s : List.of("", "0", "00", "-1", "+1", "abc", "1a", "1.0", " 1", "1 ", "\u0661",
                "1234567890123456789", "99999999999999999999999")) {
            assertNull(FileModelRepository.parseVersion(s), "'" + s + "'");
        }
    }

    /**
     * A leading zero is not a version: "01" beside "1" would otherwise be two directories for one
     * version, and "01" alone would be listed but never found.
     */
    @Test
    void parseVersion_leadingZerosAreNotVersions() {
        assertNull(FileModelRepository.parseVersion("01"));
        assertNull(FileModelRepository.parseVersion("007"));
        assertEquals(10L, FileModelRepository.parseVersion("10"));
    }

    @Test
    void manifest_absentIsEmpty() throws Exception {
        dirs("m/1");
        assertEquals(Optional.empty(), repository().manifest("m"));
    }

    @Test
    void manifest_isReadAndErrorsNameTheModel() throws Exception {
        dirs("m/1");
        Files.writeString(repo.resolve("m/model.yaml"), "version-policy: all\n");
        assertTrue(repository().manifest("m").orElseThrow().versionPolicy() instanceof VersionPolicy.All);
        Files.writeString(repo.resolve("m/model.yaml"), "max_batch_size: 4\n");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> repository().manifest("m"));
        assertTrue(e.getMessage().startsWith("m/model.yaml: unknown key 'max_batch_size'"), e.getMessage());
    }

    @Test
    void versionDirectory_existing() throws Exception {
        dirs("m/3");
        Path dir = repository().versionDirectory("m", 3);
        assertEquals(repo.toAbsolutePath().normalize().resolve("m").resolve("3"), dir);
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void versionDirectory_missingVersion_isAnError() throws Exception {
        dirs("m/1");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> repository().versionDirectory("m", 2));
        assertTrue(e.getMessage().startsWith("model 'm' has no version 2 in "), e.getMessage());
    }

    @Test
    void versionDirectory_versionThatIsAFile_isAnError() throws Exception {
        dirs("m");
        Files.writeString(repo.resolve("m/2"), "x");
        assertThrows(ModelLoadException.class, () -> repository().versionDirectory("m", 2));
    }

    @Test
    void versionDirectory_nonPositiveVersion_isAnError() throws Exception {
        dirs("m/1");
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> repository().versionDirectory("m", 0));
        assertEquals("version 0 of 'm' is not a positive integer", e.getMessage());
        assertThrows(ModelLoadException.class, () -> repository().versionDirectory("m", -1));
    }

    @Test
    void versionDirectory_missingModel_isAnError() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> repository().versionDirectory("ghost", 1));
        assertTrue(e.getMessage().contains("model 'ghost' is not in repository"), e.getMessage());
    }

    @Test
    void invalidNames_throwInvalidNameExceptionBeforeTouchingAPath() throws Exception {
        // A sibling directory the traversal would reach if the name were used as a path.
        Files.createDirectories(repo.resolve("m/1"));
        FileModelRepository inner = new FileModelRepository(repo.resolve("m"));
        for (String bad : List.of("..", "../m", "a/b", ".", "", "x\u0000y", "%2e%2e")) {
            assertThrows(InvalidNameException.class, () -> inner.versions(bad), bad);
            assertThrows(InvalidNameException.class, () -> inner.manifest(bad), bad);
            assertThrows(InvalidNameException.class, () -> inner.versionDirectory(bad, 1), bad);
        }
    }

    @Test
    void invalidName_messageNamesIt() {
        InvalidNameException e = assertThrows(InvalidNameException.class, () -> repository().versions("../etc"));
        assertTrue(e.getMessage().startsWith("model name '../etc' is invalid"), e.getMessage());
    }

    @Test
    void describe_isAFileUri() {
        String d = repository().describe();
        assertTrue(d.startsWith("file:"), d);
        assertEquals(repo.toAbsolutePath().normalize().toUri().toString(), d);
    }

    @Test
    void relativeRootIsMadeAbsolute() throws Exception {
        FileModelRepository r = new FileModelRepository(Path.of("does-not-exist-here"));
        ModelLoadException e = assertThrows(ModelLoadException.class, r::modelNames);
        assertTrue(e.getMessage().contains(Path.of("does-not-exist-here").toAbsolutePath().toString()),
                e.getMessage());
    }
}
