package org.tenantio.importer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.RejectedFiles;
import org.tenantio.importer.support.TestFolders;
import org.tenantio.importer.system.ImporterProperties;

/** What intake refuses, through either door, and how it says so. */
class IntakeRulesIT extends ApiIntegrationTest {

    @Autowired
    PipelineRepository pipelines;

    private void addPipeline(String code, String direction, String status, String mappingRef) {
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), code, code, direction, List.of("csv"), "person",
                mappingRef, status, Map.of()), "test", "test");
    }

    @Test
    void onlyActiveImportPipelinesAcceptRuns() {
        addPipeline("drafted", "import", "draft", "shared/volunteers.yaml");
        addPipeline("outgoing", "export", "active", null);

        Api.Response draft = api.postCsv("/api/v1/pipelines/drafted/runs", tenant.adminKey(), "a\n1\n");
        Api.Response export = api.postCsv("/api/v1/pipelines/outgoing/runs", tenant.adminKey(), "a\n1\n");

        assertThat(draft.status()).isEqualTo(409);
        assertThat(draft.json().get("error").get("code").asText()).isEqualTo("pipeline_not_active");
        assertThat(draft.json().get("error").get("message").asText()).contains("draft");
        assertThat(export.status()).isEqualTo(409);
        assertThat(export.json().get("error").get("code").asText()).isEqualTo("pipeline_not_import");
    }

    @Test
    void aFileDroppedForAnInactivePipelineOrOutsideAPipelineFolderIsRejected() throws Exception {
        addPipeline("drafted", "import", "draft", "shared/volunteers.yaml");
        Path drafted = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("drafted"));
        Files.writeString(drafted.resolve("a.csv"), "first_name,last_name,email\nA,B,a@example.org\n");
        Path tenantRoot = TestFolders.inbox().resolve(tenant.code());
        Files.writeString(tenantRoot.resolve("loose.csv"), "x\n");

        Path rejected = TestFolders.rejected().resolve(tenant.code());
        await().atMost(Duration.ofSeconds(30)).until(() -> RejectedFiles.reasons(rejected).size() == 2);

        assertThat(RejectedFiles.reasons(rejected)).anySatisfy(r -> assertThat(r).contains("is draft; only active pipelines accept runs"))
                .anySatisfy(r -> assertThat(r).contains("Files must be dropped into inbox/{tenant}/{pipeline}/"));
    }

    @Test
    void aHeaderOnlyFileFailsWithAClearReason() {
        JsonNode run = upload("first_name,last_name,email\n");

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").get("code").asText()).isEqualTo("no_rows");
        assertThat(run.get("error").get("message").asText()).isEqualTo("The file has a header but no data rows");
    }

    @Test
    void aPipelineWhoseMappingCannotBeReadFailsItsRunWithTheReason() {
        addPipeline("broken", "import", "active", "shared/does-not-exist.yaml");

        Api.Response started = api.postCsv("/api/v1/pipelines/broken/runs", tenant.adminKey(), "a\n1\n");
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").get("code").asText()).isEqualTo("mapping_invalid");
        assertThat(run.get("error").get("message").asText()).contains("shared/does-not-exist.yaml").contains("cannot be read");
    }

    @Test
    void aHostileUploadFileNameIsStoredWithoutItsPath() {
        Api.Response started = api.postMultipart("/api/v1/pipelines/volunteers/runs", tenant.adminKey(),
                "../../../etc/evil.csv", "first_name,last_name,email\nA,B,a@example.org\n");

        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());
        assertThat(run.get("fileName").asText()).isEqualTo("evil.csv");
        assertThat(run.get("inputRef").asText()).startsWith(tenant.code() + "/volunteers/").endsWith("-evil.csv");
        assertThat(TestFolders.archive().resolve(run.get("inputRef").asText()).normalize())
                .startsWith(TestFolders.archive());
    }

    @Test
    void anUnsupportedMethodIs405InTheErrorShape() {
        Api.Response r = api.get("/api/v1/pipelines/volunteers/runs", tenant.adminKey());

        assertThat(r.status()).isEqualTo(405);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("method_not_allowed");
    }

    @Test
    void inputOverTheSizeLimitIsRefusedAndNothingOfItIsKept(@Autowired ImporterProperties properties,
            @Autowired org.tenantio.importer.tenant.TenantRepository tenantRepository) throws Exception {
        Path root = Files.createTempDirectory(TestFolders.ROOT, "small-archive");
        IntakeArchive small = new IntakeArchive(new ImporterProperties(null, null, root, null, null, 0, 10, null, null),
                tenantRepository);

        assertThatThrownBy(() -> small.store("t", "p", "big.csv", new ByteArrayInputStream(new byte[11])))
                .isInstanceOf(FileTooLargeException.class).hasMessageContaining("10 bytes");
        try (Stream<Path> files = Files.walk(root)) {
            assertThat(files.filter(Files::isRegularFile)).isEmpty();
        }
        assertThat(small.store("t", "p", "ok.csv", new ByteArrayInputStream(new byte[10])).sizeBytes()).isEqualTo(10);
        assertThatThrownBy(() -> small.resolve(tenant.id(), "../../x")).isInstanceOf(IllegalArgumentException.class);
        assertThat(properties.maxUploadBytes()).isPositive();
    }

    @Test
    void anUploadOverTheLimitIs413BeforeItIsReadAndADropIsRejected() throws Exception {
        String big = "first_name,last_name,email\n" + "Ada,Lovelace,ada@example.org\n".repeat((int) (TestFolders.MAX_UPLOAD / 29) + 1000);

        Api.Response body = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), big);
        Api.Response multipart = api.postMultipart("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "big.csv", big);

        for (Api.Response r : List.of(body, multipart)) {
            assertThat(r.status()).isEqualTo(413);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("file_too_large");
            assertThat(r.json().get("error").get("message").asText()).contains(String.valueOf(TestFolders.MAX_UPLOAD));
        }
        Path folder = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("volunteers"));
        Path staged = Files.writeString(TestFolders.ROOT.resolve(tenant.code() + "-big.tmp"), big);
        Files.move(staged, folder.resolve("big.csv"));
        Path rejected = TestFolders.rejected().resolve(tenant.code());
        await().atMost(Duration.ofSeconds(30)).until(() -> RejectedFiles.reasons(rejected).size() == 1);
        assertThat(RejectedFiles.reasons(rejected).get(0)).contains("larger than the limit of " + TestFolders.MAX_UPLOAD);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
    }

    private JsonNode upload(String csv) {
        return api.importCsv("volunteers", tenant.adminKey(), csv);
    }
}
