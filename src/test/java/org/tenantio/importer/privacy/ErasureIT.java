package org.tenantio.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;
import org.tenantio.importer.support.TestFolders;

/** Erasure: nothing of the person remains in any table or archived file, and nothing brings them back. */
class ErasureIT extends ApiIntegrationTest {

    static final String HEADER = IdentityFixtures.HEADER;
    static final String ZEB = "ERASE-77,Zebedee,Quixotic,zeb.quixotic@example.org,07911 123457,1985-07-14,17 Xylo Lane,London,,ZQ9 9ZZ,GB";
    static final String ALMA = "KEEP-1,Alma,Boyd,alma.boyd@example.org,,1970-01-02,,London,,,GB";
    /** Everything that would identify Zebedee, in every form the service ever held it. */
    static final List<String> ERASED = List.of("Zebedee", "Quixotic", "zeb.quixotic", "zeb.q2", "zeb.fixed", "Xylo", "ZQ9",
            "1985-07-14", "7911123457", "07911 123457", "ERASE-77", "ZEBALT-91");

    @Autowired
    IdentityFixtures fixtures;

    private JsonNode importCsv(String... rows) {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), HEADER + String.join("\n", rows) + "\n");
        assertThat(run.get("status").asText()).isEqualTo("completed");
        ConsentIT.assertCountsAddUp(run.get("counts"));
        return run;
    }

    private UUID zebedee() {
        return jdbc.queryForObject("""
                SELECT COALESCE(c.merged_into, c.id) FROM core_records c JOIN external_id_map m ON m.core_id = c.id
                 WHERE c.tenant_id = ? AND m.external_id = 'ERASE-77'""", UUID.class, tenant.id());
    }

    @Test
    void noErasedValueRemainsInAnyTableOrArchivedFileAndNothingBringsThePersonBack() throws Exception {
        JsonNode first = importCsv(ZEB, ALMA);
        // An update (change_log before-image), a quarantined row of theirs, then a second record that auto-merges.
        JsonNode second = importCsv(ZEB.replace("zeb.quixotic@", "zeb.q2@"),
                "ERASE-77,Zebedee,Quixotic,not-an-email,07911 123457,1985-07-14,17 Xylo Lane,London,,ZQ9 9ZZ,GB");
        JsonNode third = importCsv("ZEBALT-91,Zebedee,Quixotic,zeb.q2@example.org,,1985-07-14,,London,,ZQ9 9ZZ,GB");
        assertThat(third.get("counts").get("merged").asLong()).isEqualTo(1);
        long violation = api.get("/api/v1/violations?runId=" + second.get("id").asText() + "&ruleCode=FMT-101", tenant.adminKey())
                .json().get("items").get(0).get("id").asLong();
        assertThat(api.postJson("/api/v1/violations/" + violation + "/fix", tenant.adminKey(), "application/json",
                "{\"fields\": {\"email\": \"zeb.fixed@example.org\"}}").status()).isEqualTo(200);
        JsonNode unrelated = importCsv(ALMA.replace("Boyd", "Boyd-Smith"));
        UUID zeb = zebedee();
        long mergeId = jdbc.queryForObject("SELECT id FROM merge_log WHERE tenant_id = ? AND survivor_id = ?", Long.class,
                tenant.id(), zeb);
        List<Path> archivedWithZeb = List.of(archived(first), archived(second), archived(third));
        assertThat(archivedWithZeb).allMatch(Files::exists);
        assertThat(remaining()).isNotEmpty();

        String path = "/api/v1/records/person/" + zeb;
        String steward = fixtures.key(tenant.id(), "steward");
        assertThat(api.send("DELETE", path, steward, "{\"reason\": \"asked\"}").status()).isEqualTo(403);
        JsonNode noReason = api.send("DELETE", path, tenant.adminKey(), "{}").json();
        assertThat(noReason.get("error").get("code").asText()).isEqualTo("reason_required");
        assertThat(api.send("DELETE", "/api/v1/records/person/" + UUID.randomUUID(), tenant.adminKey(),
                "{\"reason\": \"asked\"}").status()).isEqualTo(404);

        org.tenantio.importer.support.Api.Response erased = api.send("DELETE", path, tenant.adminKey(), "{\"reason\": \"request by email, ticket 4411\"}");

        assertThat(erased.status()).isEqualTo(200);
        assertThat(erased.json().get("records")).hasSize(2);
        assertThat(erased.json().get("removed").get("archived_files").asInt()).isEqualTo(3);
        assertThat(api.send("DELETE", path, tenant.adminKey(), "{\"reason\": \"again\"}").status()).isEqualTo(410);
        assertThat(archivedWithZeb).noneMatch(Files::exists);
        assertThat(archived(unrelated)).exists();
        assertThat(remaining()).isEmpty();
        Map<String, Object> audit = jdbc.queryForMap("""
                SELECT actor, target_id, after ->> 'reason' AS reason FROM audit_log WHERE tenant_id = ? AND action = 'record.erased'""",
                tenant.id());
        assertThat(audit.get("target_id")).isEqualTo(zeb.toString());
        assertThat(audit.get("reason")).isEqualTo("request by email, ticket 4411");
        assertThat((String) audit.get("actor")).startsWith("key:");
        assertThat(IdentityFixtures.persons(api, tenant.adminKey())).extracting(p -> p.get("id").asText())
                .doesNotContain(zeb.toString());

        // A later file with the same external id, or only their email, is recognised and refused.
        JsonNode again = importCsv(ZEB, "NEW-5,Zeb,Q,zeb.q2@example.org,,,,London,,,GB", "NEW-6,Cleo,Dunn,cleo@example.org,,,,London,,,GB");
        assertThat(again.get("counts").get("skipped_erased").asLong()).isEqualTo(2);
        assertThat(again.get("counts").get("inserted").asLong()).isEqualTo(1);
        // Neither an undo of the old merge nor a rollback of the old runs brings them back.
        JsonNode undo = api.send("POST", "/api/v1/merges/" + mergeId + "/undo", tenant.adminKey(), "").json();
        assertThat(undo.get("error").get("code").asText()).isEqualTo("merge_erased");
        for (JsonNode run : List.of(third, second, first)) {
            api.send("POST", "/api/v1/runs/" + run.get("id").asText() + "/rollback", tenant.adminKey(), "");
        }
        assertThat(remaining()).isEmpty();
        assertThat(jdbc.queryForObject("SELECT attributes::text FROM core_records WHERE id = ?", String.class, zeb)).isEqualTo("{}");
    }

    @Test
    void householdMembersWhoShareAPhoneAndAddressKeepTheirRows() {
        String yara = "SIB-3,Yara,Quixotic,not-an-email-yara,07911 123457,1990-02-02,17 Xylo Lane,London,,ZQ9 9ZZ,GB";
        String ulla = "SIB-4,Ulla,Quixotic,ulla.q@example.org,07911 123457,1992-03-03,17 Xylo Lane,London,,ZQ9 9ZZ,GB";
        String zebBad = "ERASE-77,Zebedee,Quixotic,zeb-not-an-email,07911 123457,1985-07-14,17 Xylo Lane,London,,ZQ9 9ZZ,GB";
        JsonNode run = importCsv(ZEB, yara, ulla);
        JsonNode bad = importCsv(zebBad, "NOID-1,Zebedee,Quixotic,zeb.other-mail,07911 123457,1985-07-14,,London,,,GB");
        assertThat(bad.get("counts").get("quarantined").asLong()).isEqualTo(2);
        UUID zeb = zebedee();

        assertThat(api.send("DELETE", "/api/v1/records/person/" + zeb, tenant.adminKey(), "{\"reason\": \"asked\"}").status())
                .isEqualTo(200);

        // Yara's quarantined row and Ulla's loaded row share Zebedee's phone and address: both keep every value.
        JsonNode yaraViolation = violation(run, "not-an-email-yara");
        String detail = api.get("/api/v1/violations/" + yaraViolation.get("id").asLong(), tenant.adminKey()).body();
        assertThat(detail).contains("Yara").contains("07911 123457").contains("17 Xylo Lane");
        assertThat(IdentityFixtures.persons(api, tenant.adminKey()).toString()).contains("ulla.q@example.org");
        // a row that loaded cleanly is staged compactly (its values live in the core): Ulla's still points at her record
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM staging_rows s JOIN core_records c ON c.tenant_id = s.tenant_id AND c.id = s.record_id
                 WHERE s.tenant_id = ? AND s.run_id = ?::uuid AND c.erased_at IS NULL""",
                Long.class, tenant.id(), run.get("id").asText())).as("Ulla's loaded row (Zebedee's is erased, Yara's quarantined)")
                .isEqualTo(1);
        // Zebedee's own quarantined rows, by external id and by name with his phone, lost their values.
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM staging_rows WHERE tenant_id = ? AND run_id = ?::uuid
                   AND NOT EXISTS (SELECT 1 FROM json_each_text(raw) e WHERE e.value IS NOT NULL)""",
                Long.class, tenant.id(), bad.get("id").asText())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dq_violations WHERE tenant_id = ? AND run_id = ?::uuid"
                + " AND value IS NOT NULL", Long.class, tenant.id(), bad.get("id").asText())).isZero();
    }

    private JsonNode violation(JsonNode run, String value) {
        for (JsonNode v : api.get("/api/v1/violations?runId=" + run.get("id").asText(), tenant.adminKey()).json().get("items")) {
            if (value.equals(v.path("value").asText())) {
                return v;
            }
        }
        throw new AssertionError("no violation with value " + value);
    }

    private Path archived(JsonNode run) {
        String ref = jdbc.queryForObject("SELECT input_ref FROM runs WHERE id = ?::uuid", String.class, run.get("id").asText());
        return TestFolders.archive().resolve(ref);
    }

    /**
     * Every table with a text, json or jsonb column, found in information_schema (so tables added
     * later are covered too), searched for every erased value; "table.column: value" per hit.
     */
    private List<String> remaining() {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT table_name, column_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND data_type IN ('text', 'json', 'jsonb', 'character varying')
                 ORDER BY table_name, column_name""");
        assertThat(columns).extracting(c -> c.get("table_name")).contains("staging_rows", "dq_violations", "change_log",
                "merge_log", "match_keys", "dedupe_suggestions", "audit_log", "core_records", "external_id_map");
        // Other tests share this database: a table with a tenant_id is searched in this tenant's rows
        // only, so another test's person born on the same day cannot fail this one.
        java.util.Set<String> tenantTables = new java.util.HashSet<>(jdbc.queryForList("""
                SELECT table_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND column_name = 'tenant_id'""", String.class));
        List<String> hits = new ArrayList<>();
        for (Map<String, Object> c : columns) {
            String table = (String) c.get("table_name");
            String column = (String) c.get("column_name");
            boolean scoped = tenantTables.contains(table);
            for (String value : ERASED) {
                String sql = "SELECT count(*) FROM \"" + table + "\" WHERE strpos(lower(\"" + column
                        + "\"::text), lower(?)) > 0" + (scoped ? " AND tenant_id = ?" : "");
                Long n = scoped ? jdbc.queryForObject(sql, Long.class, value, tenant.id())
                        : jdbc.queryForObject(sql, Long.class, value);
                if (n != null && n > 0) {
                    hits.add(table + "." + column + ": " + value);
                }
            }
        }
        return hits;
    }

    @Autowired
    org.tenantio.importer.support.ExportFixtures exports;

    @org.springframework.beans.factory.annotation.Value("${importer.export.files}")
    Path exportsRoot;

    @Test
    void keptExportFilesAndRejectedFilesThatMayHoldThePersonAreDeleted() throws Exception {
        importCsv(ZEB, ALMA);
        exports.pipeline(tenant, "erasable", "csv", Map.of("fields", List.of(
                Map.of("field", "first_name", "column", "First name"), Map.of("field", "city", "column", "City"))),
                null, List.of(org.tenantio.importer.support.ExportFixtures.file("erasable")));
        org.tenantio.importer.support.Api.Response queued = api.send("POST", "/api/v1/pipelines/erasable/runs", tenant.adminKey(), "");
        assertThat(queued.status()).as(queued.body()).isEqualTo(202);
        JsonNode exported = api.awaitRun(queued.json().get("id").asText(), tenant.adminKey());
        assertThat(exported.get("status").asText()).isEqualTo("completed");
        Path kept = exportsRoot.resolve(jdbc.queryForObject("SELECT output_ref FROM runs WHERE tenant_id = ? AND id = ?",
                String.class, tenant.id(), UUID.fromString(exported.get("id").asText())));
        assertThat(Files.readString(kept)).contains("Zebedee");

        // files an earlier intake refused and set aside: one names Zebedee by email, a workbook by phone, one only Alma
        Path rejected = TestFolders.rejected().resolve(tenant.code()).resolve("volunteers");
        Files.createDirectories(rejected);
        Path byEmail = Files.writeString(rejected.resolve("refused.csv"), HEADER + ZEB + "\n");
        Path workbook = rejected.resolve("refused.xlsx");
        try (org.apache.poi.xssf.usermodel.XSSFWorkbook book = new org.apache.poi.xssf.usermodel.XSSFWorkbook();
             java.io.OutputStream out = Files.newOutputStream(workbook)) {
            org.apache.poi.ss.usermodel.Row row = book.createSheet("people").createRow(0);
            row.createCell(0).setCellValue("someone");
            row.createCell(1).setCellValue("07911 123457");
            book.write(out);
        }
        Path other = Files.writeString(rejected.resolve("other.csv"), HEADER + ALMA + "\n");

        JsonNode erased = api.send("DELETE", "/api/v1/records/person/" + zebedee(), tenant.adminKey(),
                "{\"reason\": \"request by letter\"}").json();

        assertThat(erased.at("/removed/export_files").asInt()).as(erased.toString()).isEqualTo(1);
        assertThat(erased.at("/removed/rejected_files").asInt()).isEqualTo(2);
        assertThat(List.of(kept, byEmail, workbook)).noneMatch(Files::exists);
        assertThat(other).exists();
        // the file is gone, so is its redelivery; running the export again writes one without the person
        assertThat(api.send("POST", "/api/v1/runs/" + exported.get("id").asText() + "/redeliver", tenant.adminKey(), "")
                .status()).isEqualTo(409);
        JsonNode again = api.awaitRun(api.send("POST", "/api/v1/pipelines/erasable/runs", tenant.adminKey(), "")
                .json().get("id").asText(), tenant.adminKey());
        Path fresh = exportsRoot.resolve(jdbc.queryForObject("SELECT output_ref FROM runs WHERE tenant_id = ? AND id = ?",
                String.class, tenant.id(), UUID.fromString(again.get("id").asText())));
        assertThat(Files.readString(fresh)).contains("Alma").doesNotContain("Zebedee");
    }
}
