package org.tenantio.importer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantio.importer.system.ImporterProperties;

/** Archive references are resolved on real files: a link out of the tenant's folder is refused. */
class IntakeArchiveTest {

    @TempDir
    Path dir;

    private IntakeArchive archive() {
        Path root = dir.resolve("archive");
        return new IntakeArchive(new ImporterProperties(dir.resolve("inbox"), dir.resolve("outbox"), root,
                dir.resolve("rejected"), dir.resolve("mappings"), 0, 0, null, null), null);
    }

    @Test
    void aStoredFileResolvesInsideItsTenantsFolder() {
        IntakeArchive archive = archive();
        ArchivedFile stored = archive.store("acme", "people", "a.csv",
                new java.io.ByteArrayInputStream("id\n1\n".getBytes(StandardCharsets.UTF_8)));
        Path path = archive.resolve(stored.ref());
        assertThat(path).exists().startsWith(dir.resolve("archive").resolve("acme"));
        assertThat(stored.sha256()).hasSize(64);
    }

    @Test
    void aMissingFileResolvesSoTheReaderCanSaySo() {
        assertThat(archive().resolve("acme/people/2026-01-01/gone.csv")).doesNotExist();
    }

    @Test
    void aReferenceIntoAnotherTenantsFolderIsRefused() {
        IntakeArchive archive = archive();
        assertThatThrownBy(() -> archive.resolve("acme/../other/people/x.csv"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> archive.resolve("acme"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aLinkOutOfTheTenantsFolderIsRefused() throws Exception {
        IntakeArchive archive = archive();
        Path other = Files.createDirectories(dir.resolve("archive").resolve("other"));
        Path secret = Files.writeString(other.resolve("people.csv"), "id\n42\n");
        Path acme = Files.createDirectories(dir.resolve("archive").resolve("acme").resolve("people"));
        Files.createSymbolicLink(acme.resolve("link.csv"), secret);
        assertThatThrownBy(() -> archive.resolve("acme/people/link.csv"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining(dir.toString());
    }
}
