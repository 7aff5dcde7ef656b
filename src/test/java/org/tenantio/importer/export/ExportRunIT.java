package org.tenantio.importer.export;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.ExportFixtures;
import org.tenantio.importer.support.TestFolders;

/** Export runs on demand to the outbox: consent, masking, aggregation, CSV and xlsx, audit, refusals. */
class ExportRunIT extends ApiIntegrationTest {

    static final Map<String, Object> PEOPLE = Map.of("fields", List.of(
            Map.of("field", "first_name", "column", "First name"),
            Map.of("field", "email", "column", "Email"),
            Map.of("field", "phone", "column", "Phone"),
            Map.of("field", "date_of_birth", "column", "Born"),
            Map.of("field", "city", "column", "City")));

    @Autowired
    ExportFixtures fixtures;

    @BeforeEach
    void people() {
        fixtures.person(tenant, "granted", Map.of("first_name", "Ada", "email", "ada@example.org", "phone", "+447700900123",
                "date_of_birth", "1990-01-02", "city", "=HYPERLINK(\"http://x\")", "country", "GB", "hours", "5"));
        fixtures.person(tenant, "unknown", Map.of("first_name", "Brian", "email", "brian@example.org", "country", "GB",
                "hours", "7.5", "city", "Leeds"));
        fixtures.person(tenant, "withdrawn", Map.of("first_name", "Withdrawn", "email", "gone@example.org", "country", "GB",
                "hours", "100", "city", "York"));
        fixtures.person(tenant, "granted", Map.of("first_name", "Chloe", "country", "FR", "hours", "2", "city", "Lyon"));
    }

    private JsonNode exportNow(String code) {
        Api.Response r = api.send("POST", "/api/v1/pipelines/" + code + "/runs", tenant.adminKey(), "");
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        assertThat(r.json().get("status").asText()).isEqualTo("queued");
        return api.awaitRun(r.json().get("id").asText(), tenant.adminKey());
    }

    private Path outbox(String sub) {
        return TestFolders.outbox().resolve(tenant.code()).resolve(sub);
    }

    private static List<String> filesIn(Path folder) throws IOException {
        try (Stream<Path> s = Files.list(folder)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void csvToTheOutboxLeavesOutWithdrawnConsentAndMasksSensitiveFields() throws IOException {
        fixtures.pipeline(tenant, "people", "csv", PEOPLE, null, List.of(ExportFixtures.file("people")));

        JsonNode run = exportNow("people");

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("counts").get("rows").asLong()).isEqualTo(3);
        assertThat(run.get("deliveries").get(0).get("status").asText()).isEqualTo("delivered");
        List<String> names = filesIn(outbox("people"));
        assertThat(names).hasSize(1).allMatch(n -> n.startsWith("people-") && n.endsWith(".csv"));
        Path file = outbox("people").resolve(names.get(0));
        assertThat(DigestUtils.sha256Hex(Files.readAllBytes(file))).isEqualTo(run.get("sha256").asText());
        String csv = Files.readString(file);
        assertThat(csv).startsWith("First name,Email,Phone,Born,City\r\n")
                .doesNotContain("Withdrawn", "gone@example.org", "ada@example.org", "+447700900123", "1990-01-02")
                .contains("****0123")
                .contains("\"'=HYPERLINK(\"\"http://x\"\")\"");
        String adaLine = csv.lines().filter(l -> l.startsWith("Ada,")).findFirst().orElseThrow();
        assertThat(adaLine.split(",")[1]).matches("[0-9a-f]{32}");
        assertThat(adaLine.split(",")[3]).isEmpty();
    }

    @Test
    void hashedFieldsAreStableAcrossExportsAndAuthorisedFieldsAreShown() throws IOException {
        fixtures.pipeline(tenant, "hashed", "csv", PEOPLE, null, List.of(ExportFixtures.file("hashed")));
        Map<String, Object> authorised = new java.util.HashMap<>(PEOPLE);
        authorised.put("authorisedFields", List.of("email"));
        fixtures.pipeline(tenant, "clear", "csv", authorised, null, List.of(ExportFixtures.file("clear")));

        JsonNode first = exportNow("hashed");
        exportNow("hashed");
        JsonNode clear = exportNow("clear");

        List<String> hashedFiles = new ArrayList<>();
        for (String name : filesIn(outbox("hashed"))) {
            hashedFiles.add(Files.readString(outbox("hashed").resolve(name)));
        }
        assertThat(hashedFiles).hasSize(2);
        assertThat(hashedFiles.get(0)).isEqualTo(hashedFiles.get(1));
        String clearCsv = Files.readString(outbox("clear").resolve(filesIn(outbox("clear")).get(0)));
        assertThat(clearCsv).contains("ada@example.org").contains("****0123");
        assertThat(first.get("mappingVersion").asInt()).isPositive();
        assertThat(clear.get("outputRef").asText()).endsWith(".csv");
    }

    @Test
    void aggregatesCountAndSumWithoutWithdrawnRecords() throws IOException {
        fixtures.pipeline(tenant, "by-country", "csv", Map.of("fields", List.of(Map.of("field", "country", "column", "Country")),
                "aggregate", Map.of("groupBy", List.of("country"), "count", "People",
                        "sums", List.of(Map.of("field", "hours", "column", "Hours")))),
                null, List.of(ExportFixtures.file("agg")));

        JsonNode run = exportNow("by-country");

        assertThat(run.get("counts").get("rows").asLong()).isEqualTo(2);
        String csv = Files.readString(outbox("agg").resolve(filesIn(outbox("agg")).get(0)));
        assertThat(csv).isEqualTo("Country,People,Hours\r\nFR,1,2\r\nGB,2,12.5\r\n");
    }

    @Test
    void filtersSelectRecords() throws IOException {
        fixtures.pipeline(tenant, "gb", "csv", Map.of("fields", List.of("first_name"),
                "filters", List.of(Map.of("field", "country", "op", "in", "value", List.of("GB")),
                        Map.of("field", "city", "op", "ne", "value", "Leeds"),
                        Map.of("field", "first_name", "op", "present"))),
                null, List.of(ExportFixtures.file("gb")));

        exportNow("gb");

        String csv = Files.readString(outbox("gb").resolve(filesIn(outbox("gb")).get(0)));
        assertThat(csv).isEqualTo("first_name\r\nAda\r\n");
    }

    @Test
    void xlsxIsWrittenStreamingAndSanitised() throws IOException {
        fixtures.pipeline(tenant, "sheet", "xlsx", PEOPLE, null, List.of(ExportFixtures.file(null)));

        JsonNode run = exportNow("sheet");

        Path file = TestFolders.outbox().resolve(tenant.code()).resolve(run.get("fileName").asText());
        List<String> cities = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook book = new XSSFWorkbook(in)) {
            for (Row row : book.getSheetAt(0)) {
                cities.add(row.getCell(4) == null ? null : row.getCell(4).getStringCellValue());
            }
        }
        assertThat(cities).containsExactly("City", "'=HYPERLINK(\"http://x\")", "Leeds", "Lyon");
    }

    @Test
    void everyExportRunIsAudited() {
        fixtures.pipeline(tenant, "audited", "csv", PEOPLE, null, List.of(ExportFixtures.file("audited")));

        JsonNode run = exportNow("audited");

        Map<String, Object> done = jdbc.queryForMap("""
                SELECT actor, after::text AS after FROM audit_log
                 WHERE tenant_id = ? AND action = 'export.run_completed' AND target_id = ?""", tenant.id(),
                run.get("id").asText());
        assertThat(done.get("actor").toString()).startsWith("key:");
        assertThat(done.get("after").toString()).contains("\"rows\": 3", "\"email\": \"hash\"", "\"phone\": \"partial\"",
                "\"file\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'export.run_queued'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void onlyAdminsAndOperatorsStartExports() {
        fixtures.pipeline(tenant, "guarded", "csv", PEOPLE, null, List.of(ExportFixtures.file(null)));

        Api.Response r = api.send("POST", "/api/v1/pipelines/guarded/runs", tenant.viewerKey(), "");

        assertThat(r.status()).isEqualTo(403);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("forbidden");
    }

    @Test
    void anInvalidDefinitionIsABadRequestWithDetails() {
        fixtures.pipeline(tenant, "broken", "csv", Map.of("fields", List.of("no_such_field")), "not a cron",
                List.of(Map.of("type", "http", "url", "http://169.254.169.254/latest"),
                        Map.of("type", "sftp", "host", "127.0.0.1", "user", "u", "password", "inline")));

        Api.Response r = api.send("POST", "/api/v1/pipelines/broken/runs", tenant.adminKey(), "");

        assertThat(r.status()).isEqualTo(400);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("invalid_export_definition");
        List<String> fields = new ArrayList<>();
        error.get("details").forEach(d -> fields.add(d.get("field").asText()));
        assertThat(fields).contains("options.fields[0].field", "schedule", "destinations[0].url",
                "destinations[1]", "destinations[1].password");
    }

    @Test
    void importUploadsStillNeedAFileType() {
        Api.Response r = api.send("POST", "/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "{}");

        assertThat(r.status()).isEqualTo(415);
    }

    @Test
    void manyRowsStreamPastTheSpreadsheetWindow() throws IOException {
        jdbc.update("""
                INSERT INTO core_records (id, tenant_id, entity_type, attributes, content_hash, consent_state, x_tenant_id)
                SELECT gen_random_uuid(), ?, 'person', jsonb_build_object('first_name', 'P' || n, 'country', 'NZ'), 'bulk',
                       CASE WHEN n % 10 = 0 THEN 'withdrawn' ELSE 'granted' END, ?
                  FROM generate_series(1, 5000) AS n""", tenant.id(), tenant.id());
        fixtures.pipeline(tenant, "bulk", "xlsx", Map.of("fields", List.of("first_name"),
                "filters", List.of(Map.of("field", "country", "op", "eq", "value", "NZ"))), null,
                List.of(ExportFixtures.file("bulk")));

        JsonNode run = exportNow("bulk");

        assertThat(run.get("counts").get("rows").asLong()).isEqualTo(4500);
        Path file = outbox("bulk").resolve(filesIn(outbox("bulk")).get(0));
        try (InputStream in = Files.newInputStream(file); XSSFWorkbook book = new XSSFWorkbook(in)) {
            assertThat(book.getSheetAt(0).getLastRowNum()).isEqualTo(4500);
        }
    }

    @Autowired
    org.tenantio.importer.run.RunRepository runs;
    @Autowired
    org.tenantio.importer.importing.RunRecovery recovery;
    @Autowired
    org.apache.camel.CamelContext camel;

    @Test
    void exportRunsLeftBehindByAStoppedProcessAreQueuedAgainOrFailed() {
        java.util.UUID pipeline = fixtures.pipeline(tenant, "left", "csv", PEOPLE, null, List.of(ExportFixtures.file("left")));
        java.util.UUID queued = runs.create(new org.tenantio.importer.run.NewRun(tenant.id(), pipeline, "api", "test", null,
                null, null, 0, false));
        java.util.UUID interrupted = runs.create(new org.tenantio.importer.run.NewRun(tenant.id(), pipeline, "api", "test",
                null, null, null, 0, false));
        runs.transition(interrupted, org.tenantio.importer.run.RunStatus.VALIDATING, null);
        runs.transition(interrupted, org.tenantio.importer.run.RunStatus.RUNNING, null);

        // left behind by an instance whose lease has run out
        jdbc.update("UPDATE runs SET owner_instance = 'stopped',"
                + " lease_expires_at = now() - interval '1 second' WHERE id IN (?, ?)", queued, interrupted);

        recovery.afterApplicationStart(camel);

        assertThat(api.awaitRun(queued.toString(), tenant.adminKey()).get("status").asText()).isEqualTo("completed");
        JsonNode failed = api.awaitRun(interrupted.toString(), tenant.adminKey());
        assertThat(failed.get("status").asText()).isEqualTo("failed");
        assertThat(failed.get("error").get("code").asText()).isEqualTo("interrupted");
    }
    @Test
    void aRunDeliveredAgainWhileClaimedIsLeftToItsOwner() {
        java.util.UUID pipeline = fixtures.pipeline(tenant, "twice", "csv", PEOPLE, null, List.of(ExportFixtures.file("twice")));
        java.util.UUID run = runs.create(new org.tenantio.importer.run.NewRun(tenant.id(), pipeline, "api", "test", null,
                null, null, 0, false));
        // another consumer has claimed it and is writing
        assertThat(runs.transition(run, org.tenantio.importer.run.RunStatus.VALIDATING, null)).isTrue();

        // the second delivery is processed to its end before this returns (request-reply over seda)
        camel.createProducerTemplate().requestBodyAndHeader(ExportRuns.RUN_ENDPOINT, null, "runId", run.toString());

        JsonNode view = api.get("/api/v1/runs/" + run, tenant.adminKey()).json();
        assertThat(view.get("status").asText()).isEqualTo("validating");
        assertThat(view.path("error").isMissingNode() || view.path("error").isNull()).as(view.toString()).isTrue();
        runs.transition(run, org.tenantio.importer.run.RunStatus.FAILED, "test done");
    }
}
