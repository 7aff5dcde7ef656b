package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.RejectedFiles;
import org.tenantio.importer.support.TestFolders;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Tenant B tries to read tenant A's files, and the machine's, through its own inbox and its
 * pipeline's mapping reference: real symbolic and hard links in the real inbox folder, a linked
 * folder, another tenant's mapping file. Each is refused with a reason, nothing is imported for B,
 * nothing of the target is shown, and A's files stay where they were.
 */
class SecurityFilesIT extends ApiIntegrationTest {

    private TestTenant intruder;
    private Path victimArchived;
    private Path inbox;

    @BeforeEach
    void aVictimWithAnArchivedFile() throws IOException {
        intruder = tenants.create("files-intruder");
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email\n"
                + "v1,Victoria,Secret,victoria@example.org\nv2,Vera,Secret,vera@example.org\nv3,Val,Secret,val@example.org\n");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(3);
        victimArchived = TestFolders.archive().resolve(run.get("inputRef").asText());
        assertThat(victimArchived).exists();
        inbox = Files.createDirectories(TestFolders.inbox().resolve(intruder.code()).resolve("volunteers"));
    }

    @Test
    void aSymbolicLinkIntoAnotherTenantsArchiveIsRefusedUnread() throws Exception {
        Files.createSymbolicLink(inbox.resolve("stolen.csv"), victimArchived);

        String reason = awaitReason("stolen.csv");

        assertThat(reason).contains("symbolic link").doesNotContain("Victoria").doesNotContain(victimArchived.toString());
        assertNothingImportedForTheIntruder();
        assertThat(rejectedCopies("stolen.csv")).as("no copy of the target is kept").isEmpty();
        assertThat(victimArchived).exists();
        assertThat(Files.readString(victimArchived)).contains("Victoria");
    }

    @Test
    void aSymbolicLinkToASystemFileIsRefusedAndNothingOfItIsShown() throws Exception {
        Files.createSymbolicLink(inbox.resolve("passwd.csv"), Path.of("/etc/passwd"));

        String reason = awaitReason("passwd.csv");

        assertThat(reason).contains("symbolic link").doesNotContain("root");
        assertNothingImportedForTheIntruder();
        assertThat(rejectedCopies("passwd.csv")).isEmpty();
        assertThat(api.get("/api/v1/audit", intruder.adminKey()).body()).doesNotContain("root:").doesNotContain("/etc/passwd");
    }

    @Test
    void aHardLinkToAnotherTenantsArchivedFileIsRefusedUnread() throws Exception {
        Files.createLink(inbox.resolve("hard.csv"), victimArchived);

        String reason = awaitReason("hard.csv");

        assertThat(reason).contains("hard link");
        assertNothingImportedForTheIntruder();
        assertThat(rejectedCopies("hard.csv")).isEmpty();
        assertThat(victimArchived).exists();
        assertThat(Files.getAttribute(victimArchived, "unix:nlink")).isEqualTo(1);
    }

    @Test
    void aLinkedFolderIsNeverWalkedAndWhatItHoldsIsNeitherImportedNorDeleted() throws Exception {
        Path linkedFolder = TestFolders.inbox().resolve(intruder.code()).resolve("linked");
        Files.createSymbolicLink(linkedFolder, victimArchived.getParent());
        Path pipelineLink = Files.createDirectories(TestFolders.inbox().resolve(intruder.code())).resolve("volunteers-via-link");
        Files.createSymbolicLink(pipelineLink, victimArchived.getParent());

        // Two plain files dropped one after the other: once the second is rejected, whole polls ran with the links in place.
        Files.writeString(inbox.getParent().resolve("no-such-pipeline-1.csv"), "a\n");
        awaitReason("no-such-pipeline-1.csv");
        Files.writeString(inbox.getParent().resolve("no-such-pipeline-2.csv"), "a\n");
        awaitReason("no-such-pipeline-2.csv");

        assertNothingImportedForTheIntruder();
        assertThat(victimArchived).as("the inbox's delete never reached through the link").exists();
        assertThat(RejectedFiles.reasons(TestFolders.rejected().resolve(intruder.code()))).hasSize(2);
        Files.delete(linkedFolder);
        Files.delete(pipelineLink);
    }

    @Test
    void aMappingReferenceMayNameOnlyTheTenantsOwnOrSharedFiles() throws Exception {
        Api.Response refused = api.send("POST", "/api/v1/pipelines", intruder.adminKey(), """
                {"code":"borrowed","name":"Borrowed","direction":"import","format":"csv","targetType":"person",
                 "mappingRef":"demo/volunteers.yaml"}""");
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode detail = refused.json().get("error").get("details").get(0);
        assertThat(detail.get("field").asText()).isEqualTo("mappingRef");
        assertThat(detail.get("message").asText()).contains("not yours");
        for (String ref : List.of(tenant.code() + "/volunteers.yaml", "../mappings/demo/volunteers.yaml", "/etc/passwd",
                "shared/../demo/volunteers.yaml")) {
            Api.Response r = api.send("POST", "/api/v1/pipelines", intruder.adminKey(), """
                    {"code":"borrowed","name":"Borrowed","direction":"import","format":"csv","targetType":"person",
                     "mappingRef":"%s"}""".formatted(ref));
            assertThat(r.status()).as(ref).isEqualTo(400);
            assertThat(r.body()).as(ref).doesNotContain("first_name");
        }
        Api.Response shared = api.send("POST", "/api/v1/pipelines", intruder.adminKey(), """
                {"code":"own","name":"Own","direction":"import","format":"csv","targetType":"person",
                 "mappingRef":"shared/volunteers.yaml"}""");
        assertThat(shared.status()).as(shared.body()).isEqualTo(201);
    }

    @Test
    void aStoredReferenceToAnotherTenantsMappingIsNeitherShownNorUsed() {
        jdbc.update("UPDATE pipelines SET mapping_ref = 'demo/volunteers.yaml' WHERE tenant_id = ? AND code = 'volunteers'",
                intruder.id());

        Api.Response mapping = api.get("/api/v1/pipelines/volunteers/mapping", intruder.adminKey());

        assertThat(mapping.status()).isEqualTo(409);
        assertThat(mapping.json().get("error").get("code").asText()).isEqualTo("mapping_invalid");
        assertThat(mapping.body()).doesNotContain("first_name").doesNotContain("columns");
        JsonNode run = api.importCsv("volunteers", intruder.adminKey(), "first_name,last_name,email\nAda,Lovelace,ada@example.org\n");
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").get("code").asText()).isEqualTo("mapping_invalid");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, intruder.id())).isZero();
    }

    @Test
    void aLinkInTheTenantsOwnMappingFolderCannotLeadToAnotherTenantsFile() throws Exception {
        Path own = Files.createDirectories(Path.of("mappings").toAbsolutePath().resolve(intruder.code()));
        try {
            Files.createSymbolicLink(own.resolve("link.yaml"), Path.of("../demo/volunteers.yaml"));
            Api.Response r = api.send("POST", "/api/v1/pipelines", intruder.adminKey(), """
                    {"code":"linked","name":"Linked","direction":"import","format":"csv","targetType":"person",
                     "mappingRef":"%s/link.yaml"}""".formatted(intruder.code()));
            assertThat(r.status()).as(r.body()).isEqualTo(400);
            assertThat(r.body()).contains("resolves outside").doesNotContain("first_name");
        } finally {
            Files.deleteIfExists(own.resolve("link.yaml"));
            Files.deleteIfExists(own);
        }
    }

    private String awaitReason(String name) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> reasonFor(name), java.util.Objects::nonNull);
    }

    private String reasonFor(String name) throws IOException {
        Path folder = TestFolders.rejected().resolve(intruder.code());
        if (!Files.isDirectory(folder)) {
            return null;
        }
        try (var files = Files.walk(folder)) {
            Path reason = files.filter(p -> p.getFileName().toString().endsWith("-" + name + ".reason.txt")).findFirst().orElse(null);
            return reason == null ? null : Files.readString(reason);
        }
    }

    private List<Path> rejectedCopies(String name) throws IOException {
        try (var files = Files.walk(TestFolders.rejected().resolve(intruder.code()))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-" + name)).toList();
        }
    }

    private void assertNothingImportedForTheIntruder() {
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, intruder.id())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, intruder.id())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE tenant_id = ?", Long.class, intruder.id())).isZero();
    }
}
