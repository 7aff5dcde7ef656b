package org.tenantio.importer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.RejectedFiles;
import org.tenantio.importer.support.TestFolders;

/** Files dropped into the watched inbox: claimed once, archived, run; or rejected with a reason. */
class FileDropIT extends ApiIntegrationTest {

    @Test
    void aDroppedFileStartsARunThatCompletesWithTheRightCounts() throws Exception {
        Path folder = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("volunteers"));
        Path dropped = folder.resolve("volunteers.csv");
        Files.copy(Path.of("docs/samples/volunteers.csv"), dropped);

        String runId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT id::text FROM runs WHERE tenant_id = ?", String.class, tenant.id()), l -> l.size() == 1).get(0);
        JsonNode run = api.awaitRun(runId, tenant.adminKey());

        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("trigger").asText()).isEqualTo("file_drop");
        assertThat(run.get("fileName").asText()).isEqualTo("volunteers.csv");
        assertThat(run.get("counts").get("read").asLong()).isEqualTo(10);
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(5);
        assertThat(run.get("counts").get("quarantined").asLong()).isEqualTo(5);
        assertThat(TestFolders.archive().resolve(run.get("inputRef").asText())).exists();
        await().atMost(Duration.ofSeconds(10)).until(() -> !Files.exists(dropped));
        Thread.sleep(1000); // a second poll must not pick it up again
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void aFileStillBeingWrittenIsNotClaimedUntilItSettles() throws Exception {
        Path folder = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("volunteers"));
        Path dropped = folder.resolve("slow.csv");
        List<String> lines = Files.readAllLines(Path.of("docs/samples/volunteers.csv"));
        Files.writeString(dropped, lines.get(0) + "\n");
        for (String line : lines.subList(1, lines.size())) {
            Thread.sleep(100); // keeps changing for about a second: longer than a poll, shorter than it takes to settle
            Files.writeString(dropped, line + "\n", java.nio.file.StandardOpenOption.APPEND);
        }

        String runId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT id::text FROM runs WHERE tenant_id = ?", String.class, tenant.id()), l -> !l.isEmpty()).get(0);
        JsonNode run = api.awaitRun(runId, tenant.adminKey());

        assertThat(run.get("counts").get("read").asLong()).isEqualTo(10);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void aFileInAnUnknownTenantFolderIsRejectedWithAReasonAndAnAuditEntry() throws Exception {
        String unknown = "nobody-" + tenant.code();
        Path folder = Files.createDirectories(TestFolders.inbox().resolve(unknown).resolve("volunteers"));
        Files.writeString(folder.resolve("people.csv"), "first_name,last_name,email\nA,B,a@example.org\n");

        Path rejectedDir = TestFolders.rejected().resolve(unknown).resolve("volunteers");
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.isDirectory(rejectedDir) && listing(rejectedDir).size() == 2);

        List<Path> files = listing(rejectedDir);
        Path reason = files.stream().filter(p -> p.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        Path kept = files.stream().filter(p -> !p.toString().endsWith(".reason.txt")).findFirst().orElseThrow();
        assertThat(Files.readString(reason)).contains("Unknown tenant folder '" + unknown + "'");
        assertThat(Files.readString(kept)).startsWith("first_name,last_name,email");
        assertThat(folder.resolve("people.csv")).doesNotExist();
        Map<String, Object> audit = jdbc.queryForMap(
                "SELECT action, after ->> 'reason' AS reason FROM audit_log WHERE target_id = ?",
                unknown + "/volunteers/people.csv");
        assertThat(audit).containsEntry("action", "intake.rejected");
    }

    @Test
    void anUnsupportedFileTypeOrUnknownPipelineIsRejected() throws Exception {
        Path pipelineFolder = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("volunteers"));
        Files.writeString(pipelineFolder.resolve("notes.txt"), "hello");
        Path unknownPipeline = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("donors"));
        Files.writeString(unknownPipeline.resolve("d.csv"), "a,b\n1,2\n");

        Path rejected = TestFolders.rejected().resolve(tenant.code());
        await().atMost(Duration.ofSeconds(30)).until(() -> RejectedFiles.reasons(rejected).size() == 2);

        assertThat(RejectedFiles.reasons(rejected)).anySatisfy(r -> assertThat(r).contains("Unsupported file type 'txt'"))
                .anySatisfy(r -> assertThat(r).contains("No pipeline 'donors'"));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'intake.rejected'",
                Long.class, tenant.id())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
    }

    private static List<Path> listing(Path dir) throws Exception {
        try (Stream<Path> s = Files.list(dir)) {
            return s.toList();
        }
    }
}
