package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestFolders;

/** The import run end to end over REST: counts, quarantine, idempotency, updates, validation, rollback. */
class ImportRunIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    static final String HEADER = "external_id,first_name,last_name,email,phone,date_of_birth,street,city,state,postal_code,country\n";

    @Autowired
    org.tenantio.importer.system.ImporterProperties properties;

    private JsonNode upload(String csv) {
        return api.importCsv("volunteers", tenant.adminKey(), csv);
    }

    private static String sample() throws IOException {
        return Files.readString(Path.of("docs/samples/volunteers.csv"));
    }

    @Test
    void sampleFileCompletesWithEveryRowAccountedFor() throws IOException {
        JsonNode run = upload(sample());

        assertThat(run.get("status").asText()).isEqualTo("completed");
        JsonNode counts = run.get("counts");
        assertThat(counts.get("read").asLong()).isEqualTo(10);
        assertThat(counts.get("inserted").asLong()).isEqualTo(5);
        assertThat(counts.get("quarantined").asLong()).isEqualTo(5);
        assertThat(counts.get("updated").asLong() + counts.get("unchanged").asLong()).isZero();
        assertThat(run.get("mappingVersion").asInt()).isPositive();
        assertThat(run.get("trigger").asText()).isEqualTo("upload");
        assertThat(run.get("sha256").asText()).hasSize(64);
        List<String> statuses = new ArrayList<>();
        run.get("transitions").forEach(t -> statuses.add(t.get("to").asText()));
        assertThat(statuses).containsExactly("queued", "validating", "running", "completed");
        Long staged = jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE tenant_id = ? AND run_id = ?::uuid",
                Long.class, tenant.id(), run.get("id").asText());
        assertThat(staged).isEqualTo(10);
    }

    @Test
    void quarantinedRowsCarryTheirRuleCodesAndRowNumbers() throws IOException {
        JsonNode run = upload(sample());

        JsonNode page = api.get("/api/v1/runs/" + run.get("id").asText() + "/violations", tenant.adminKey()).json();
        Map<Long, String> ruleByRow = new java.util.TreeMap<>();
        page.get("items").forEach(v -> ruleByRow.put(v.get("rowNumber").asLong(), v.get("ruleCode").asText()));
        assertThat(ruleByRow).containsExactlyEntriesOf(new java.util.TreeMap<>(Map.of(
                5L, "FMT-102", 6L, "FMT-101", 7L, "REQ-001", 8L, "FMT-102", 9L, "DOM-201")));
        page.get("items").forEach(v -> {
            assertThat(v.get("message").asText()).isNotBlank();
            assertThat(v.get("field").asText()).isNotBlank();
        });
    }

    @Test
    void importingTheSameFileTwiceChangesNothing() throws IOException {
        upload(sample());
        Long changesBefore = jdbc.queryForObject("SELECT count(*) FROM change_log WHERE tenant_id = ?", Long.class, tenant.id());
        String recordsBefore = jdbc.queryForObject(
                "SELECT string_agg(id::text || content_hash || updated_at::text, ',' ORDER BY id) FROM core_records WHERE tenant_id = ?",
                String.class, tenant.id());

        JsonNode second = upload(sample());

        assertThat(second.get("counts").get("unchanged").asLong()).isEqualTo(5);
        assertThat(second.get("counts").get("inserted").asLong()).isZero();
        assertThat(second.get("counts").get("updated").asLong()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_log WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(changesBefore);
        assertThat(jdbc.queryForObject(
                "SELECT string_agg(id::text || content_hash || updated_at::text, ',' ORDER BY id) FROM core_records WHERE tenant_id = ?",
                String.class, tenant.id())).isEqualTo(recordsBefore);
    }

    @Test
    void aChangedRowIsAnUpdateWithItsBeforeImageLogged() {
        upload(HEADER + "A-1,Ada,Lovelace,ada@example.org,,1985-12-10,,London,,,GB\n"
                + "A-2,Alan,Turing,alan@example.org,,1990-06-23,,Manchester,,,GB\n");

        JsonNode run = upload(HEADER + "A-1,Ada,Lovelace,ada.king@example.org,,1985-12-10,,London,,,GB\n"
                + "A-2,Alan,Turing,alan@example.org,,1990-06-23,,Manchester,,,GB\n");

        assertThat(run.get("counts").get("updated").asLong()).isEqualTo(1);
        assertThat(run.get("counts").get("unchanged").asLong()).isEqualTo(1);
        Map<String, Object> change = jdbc.queryForMap("""
                SELECT l.before -> 'attributes' ->> 'email' AS before_email, l.after -> 'attributes' ->> 'email' AS after_email,
                       c.attributes ->> 'email' AS now_email, c.x_run_id::text AS lineage_run
                  FROM change_log l JOIN core_records c ON c.id = l.core_id
                 WHERE l.tenant_id = ? AND l.run_id = ?::uuid AND l.operation = 'update'""",
                tenant.id(), run.get("id").asText());
        assertThat(org.tenantio.importer.support.Opened.row(personal, change)).containsEntry("before_email", "ada@example.org")
                .containsEntry("after_email", "ada.king@example.org")
                .containsEntry("now_email", "ada.king@example.org")
                .containsEntry("lineage_run", run.get("id").asText());
    }

    @Test
    void theSamePersonTwiceInOneFileIsWrittenOnceWithItsLastRowAndReported() {
        JsonNode run = upload(HEADER + "B-1,Ada,Lovelace,ada@example.org,,,,,,,\n"
                + "B-1,Ada,Lovelace,ada.king@example.org,,,,,,,\n");

        // issue 11 C: one pass per chunk, the earlier row superseded by the later one and reported
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);
        assertThat(run.get("counts").get("unchanged").asLong()).isEqualTo(1);
        assertThat(run.get("repeatedKeys").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_log WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(1);
        assertThat(personal.openValue(jdbc.queryForObject("SELECT attributes ->> 'email' FROM core_records WHERE tenant_id = ?",
                String.class, tenant.id()))).isEqualTo("ada.king@example.org");
    }

    @Test
    void rowsWithoutAnExternalIdGetAStableKeyFromTheirContent() {
        String csv = "first_name,last_name,email\nAda,Lovelace,ada@example.org\nAlan,Turing,alan@example.org\n";
        upload(csv);

        JsonNode again = upload(csv);

        assertThat(again.get("counts").get("unchanged").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(2);
    }

    @Test
    void headersMatchCaseInsensitivelyInAnyOrderAndUnknownColumnsAreReportedAsUnmapped() {
        JsonNode run = upload("EMAIL,Last_Name,First_Name,Favourite Colour\nada@example.org,Lovelace,Ada,green\n");

        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);
        assertThat(run.get("unmapped")).hasSize(1);
        assertThat(run.get("unmapped").get(0).asText()).isEqualTo("Favourite Colour");
        Map<String, Object> attrs = jdbc.queryForMap(
                "SELECT attributes ->> 'first_name' AS first, attributes ->> 'country' AS country FROM core_records WHERE tenant_id = ?",
                tenant.id());
        assertThat(attrs).containsEntry("first", "Ada").containsEntry("country", "GB");
    }

    @Test
    void aMissingRequiredColumnFailsTheRunInValidatingBeforeAnyRowIsWritten() {
        JsonNode run = upload("external_id,first_name,email\nC-1,Ada,ada@example.org\n");

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").get("code").asText()).isEqualTo("missing_columns");
        assertThat(run.get("error").get("message").asText()).contains("last_name");
        assertThat(run.get("error").get("details").get("missingColumns").get(0).asText()).isEqualTo("last_name");
        List<String> statuses = new ArrayList<>();
        run.get("transitions").forEach(t -> statuses.add(t.get("to").asText()));
        assertThat(statuses).containsExactly("queued", "validating", "failed");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE tenant_id = ?", Long.class, tenant.id()))
                .isZero();
    }

    @Test
    void aFileThatBreaksHalfWayIsRolledBackLeavingNothingInTheCore() {
        int chunk = properties.chunkSize();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < chunk + chunk / 2; i++) {
            csv.append("R-").append(i).append(",First,Last,p").append(i).append("@example.org,,,,,,,\n");
        }
        // A row over the length limit cannot be skipped safely: the file is refused half-way.
        csv.append("R-x,\"").append("x".repeat((int) properties.limits().maxRowChars() + 100_000)).append("\",Last,x@example.org,,,,,,,\n");

        JsonNode run = upload(csv.toString());

        // Chunks are prepared in parallel: the reader may hit the bad row before the first chunk
        // committed (nothing to roll back: failed) or after it (its rows undone: rolled_back).
        assertThat(run.get("error").get("code").asText()).isEqualTo("file_unreadable");
        if (run.get("status").asText().equals("rolled_back")) {
            assertThat(run.get("rollback").get("reverted").asInt()).isEqualTo(chunk);
        } else {
            assertThat(run.get("status").asText()).isEqualTo("failed");
            assertThat(run.path("rollback").path("reverted").asInt(0)).isZero();
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM external_id_map WHERE tenant_id = ?", Long.class, tenant.id()))
                .isZero();
    }

    @Test
    void aRowWithTheWrongNumberOfFieldsIsQuarantinedAndTheRestGoesOn() {
        JsonNode run = upload(HEADER + "D-1,Ada,Lovelace,ada@example.org,,,,,,,\nD-2,Alan,Turing\n"
                + "D-3,Grace,Hopper,grace@example.org,,,,,,,\n");

        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(2);
        assertThat(run.get("counts").get("quarantined").asLong()).isEqualTo(1);
        JsonNode v = api.get("/api/v1/runs/" + run.get("id").asText() + "/violations", tenant.adminKey()).json()
                .get("items").get(0);
        assertThat(v.get("ruleCode").asText()).isEqualTo("PARSE-001");
        assertThat(v.get("rowNumber").asLong()).isEqualTo(2);
        assertThat(run.get("parseErrors").asLong()).isEqualTo(1);
    }

    @Test
    void aRunningRunShowsItsProgressWithPercentAndTimeLeft() {
        int rows = 8 * properties.chunkSize();
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < rows; i++) {
            csv.append("G-").append(i).append(",First,Last,g").append(i).append("@example.org,,,,,,,\n");
        }
        String runId = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), csv.toString())
                .json().get("id").asText();

        JsonNode seen = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .pollInterval(java.time.Duration.ofMillis(20))
                .until(() -> api.get("/api/v1/runs/" + runId, tenant.adminKey()).json(),
                        r -> r.path("progress").path("rowsProcessed").asLong() > 0 || r.has("completedAt"));

        assertThat(seen.get("status").asText()).as("progress must be visible before the run ends").isEqualTo("running");
        JsonNode progress = seen.get("progress");
        assertThat(progress.get("rowsProcessed").asLong()).isBetween(1L, rows - 1L);
        assertThat(progress.get("percent").asDouble()).isBetween(0.1, 99.9);
        assertThat(progress.get("etaSeconds").asLong()).isNotNegative();
        assertThat(api.awaitRun(runId, tenant.adminKey()).has("progress")).isFalse();
    }

    @Test
    void anEmptyFileFailsWithAClearReason() {
        JsonNode run = upload("");

        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").get("code").asText()).isEqualTo("file_empty");
    }

    @Test
    void theArchivedInputMatchesTheRecordedSha256() throws Exception {
        JsonNode run = upload(sample());

        Path archived = TestFolders.archive().resolve(run.get("inputRef").asText());
        byte[] digest = java.security.MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(archived));
        assertThat(java.util.HexFormat.of().formatHex(digest)).isEqualTo(run.get("sha256").asText());
        assertThat(Files.readString(archived)).isEqualTo(sample());
    }
}
