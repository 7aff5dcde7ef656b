package org.tenantio.importer.intake;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestFolders;

/** Files as users have them, end to end: FEBRL, other dialects and encodings, JSON batches, impostors. */
class FileFormatsIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    @Autowired
    PipelineRepository pipelines;

    @Test
    void theFebrlFileImportsAsItIsWithEveryRowAccountedFor() throws java.io.IOException {
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "febrl", "FEBRL", "import", List.of("csv"), "person",
                "shared/febrl.yaml", "active", Map.of("disabledRules", List.of("REQ-001"))), "test", "test");
        Path file = Path.of("src/test/resources/febrl/dataset4a.csv");
        // FEBRL births go back to 1900: people over DOM-201's 110 years are quarantined (840 on 2026-11-22).
        long tooOld = febrlBirthsOverAge(file, 110, java.time.LocalDate.now(java.time.ZoneOffset.UTC));

        Api.Response started = api.postFile("/api/v1/pipelines/febrl/runs", tenant.adminKey(), "text/csv", file);
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());

        JsonNode counts = run.get("counts");
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(tooOld).isGreaterThanOrEqualTo(840);
        assertThat(counts.get("read").asLong()).isEqualTo(5000);
        assertThat(counts.get("quarantined").asLong()).isEqualTo(tooOld);
        assertThat(counts.get("inserted").asLong()).isEqualTo(5000 - tooOld);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dq_violations WHERE tenant_id = ? AND rule_code = 'DOM-201'",
                Long.class, tenant.id())).isEqualTo(tooOld);
        // 94 rows leave the birth date empty (a single space in the file): absent, not an error.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ? AND attributes ->> 'date_of_birth' IS NULL",
                Long.class, tenant.id())).isEqualTo(94);
        Map<String, Object> charles = jdbc.queryForMap("""
                SELECT c.attributes ->> 'first_name' AS first, c.attributes ->> 'date_of_birth' AS dob,
                       c.attributes ->> 'state' AS state, c.attributes ->> 'city' AS city
                  FROM external_id_map m JOIN core_records c ON c.id = m.core_id
                 WHERE m.tenant_id = ? AND m.external_id = 'rec-4405-org'""", tenant.id());
        assertThat(org.tenantio.importer.support.Opened.row(personal, charles)).containsEntry("first", "charles").containsEntry("dob", "1948-09-30")
                .containsEntry("state", "NSW").containsEntry("city", "dapto");
        // michaela (rec-1070-org), born 1915-11-11, turned 111 on 2026-11-11.
        assertThat(jdbc.queryForObject("SELECT count(*) FROM external_id_map WHERE tenant_id = ? AND external_id = 'rec-1070-org'",
                Long.class, tenant.id())).isZero();
    }

    /** Counted straight from the file, apart from the rule: births giving an age over maxAge on the given day. */
    private static long febrlBirthsOverAge(Path file, int maxAge, java.time.LocalDate today) throws java.io.IOException {
        try (var lines = Files.lines(file)) {
            return lines.skip(1).map(line -> line.split(",")[9].strip()).filter(d -> !d.isEmpty()).filter(d -> {
                int year = Integer.parseInt(d.substring(0, 4));
                int monthDay = Integer.parseInt(d.substring(4));
                int todayMonthDay = today.getMonthValue() * 100 + today.getDayOfMonth();
                int age = today.getYear() - year - (todayMonthDay < monthDay ? 1 : 0);
                return age > maxAge;
            }).count();
        }
    }

    @Test
    void aSemicolonWindows1252FileWithDifferentHeadersImportsWithSuggestions() {
        String csv = "External_ID;First_Name;Surname;E-mail Address;Zip\r\nW-1;Zoë;Brontë;zoe@example.org;bd22 8ep\r\n";
        Api.Response started = api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "text/csv",
                write("w.csv", csv.getBytes(Charset.forName("windows-1252"))));
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("failed");
        assertThat(run.get("error").get("details").get("missingColumns").get(0).asText()).isEqualTo("last_name");
        Map<String, String> suggested = new java.util.HashMap<>();
        run.get("suggestions").forEach(x -> suggested.put(x.get("column").asText(), x.get("field").asText()));
        assertThat(suggested).containsEntry("Surname", "last_name").containsEntry("E-mail Address", "email")
                .containsEntry("Zip", "postal_code");

        JsonNode fixed = api.importCsv("volunteers", tenant.adminKey(),
                "External_ID;First_Name;Last_Name;email\nW-1;Zoë;Brontë;zoe@example.org\n");
        assertThat(fixed.get("counts").get("inserted").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT attributes ->> 'first_name' FROM core_records WHERE tenant_id = ?",
                String.class, tenant.id())).isEqualTo("Zoë");
    }

    @Test
    void aJsonBatchRunsTheSameMappingRulesAndLoad() {
        Api.Response started = api.postJson("/api/v1/pipelines/volunteers/batches", tenant.adminKey(), "application/json", """
                [{"external_id": "J-1", "first_name": "Ada", "last_name": "Lovelace", "email": "ada@example.org"},
                 {"external_id": "J-2", "first_name": "Alan", "last_name": "Turing", "email": "not-an-email"}]""");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());
        assertThat(run.get("trigger").asText()).isEqualTo("api_batch");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);
        assertThat(run.get("counts").get("quarantined").asLong()).isEqualTo(1);

        Api.Response ndjson = api.postJson("/api/v1/pipelines/volunteers/batches", tenant.adminKey(), "application/x-ndjson",
                "{\"external_id\": \"J-1\", \"first_name\": \"Ada\", \"last_name\": \"Lovelace\", \"email\": \"ada@example.org\"}\n"
                        + "{\"external_id\": \"J-3\", \"first_name\": \"Grace\", \"last_name\": \"Hopper\", \"phone\": \"+1 202 555 0143\"}\n");
        JsonNode second = api.awaitRun(ndjson.json().get("id").asText(), tenant.adminKey());
        assertThat(second.get("counts").get("unchanged").asLong()).isEqualTo(1);
        assertThat(second.get("counts").get("inserted").asLong()).isEqualTo(1);
    }

    @Test
    void anOversizedBatchIs413WithTheLimitInTheMessage() {
        String big = "[" + ("{\"a\":\"" + "x".repeat(1000) + "\"},").repeat(11_000) + "{}]";

        Api.Response r = api.postJson("/api/v1/pipelines/volunteers/batches", tenant.adminKey(), "application/json", big);

        assertThat(r.status()).isEqualTo(413);
        assertThat(r.json().get("error").get("code").asText()).isEqualTo("batch_too_large");
        assertThat(r.json().get("error").get("message").asText()).contains("10485760 bytes");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
    }

    @Test
    void aFileThatClaimsToBeXlsxButIsNotFailsWithAClearReason() {
        Api.Response started = api.postMultipart("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "people.xlsx",
                "first_name,last_name,email\nA,B,a@example.org\n");

        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());
        assertThat(run.get("status").asText()).isEqualTo("failed");
        assertThat(run.get("error").get("code").asText()).isEqualTo("file_unreadable");
        assertThat(run.get("error").get("message").asText()).contains("not one");
    }

    @Test
    void theCurrentMappingVersionIsShown() {
        JsonNode mapping = api.get("/api/v1/pipelines/volunteers/mapping", tenant.adminKey()).json();

        assertThat(mapping.get("version").asInt()).isPositive();
        assertThat(mapping.get("mappingRef").asText()).isEqualTo("shared/volunteers.yaml");
        assertThat(mapping.get("definition").get("entity").asText()).isEqualTo("person");
        // The demo mapping: 11 person columns and the 4 consent columns (issue 14).
        assertThat(mapping.get("definition").get("columns").size()).isEqualTo(15);
        assertThat(api.get("/api/v1/pipelines/nope/mapping", tenant.adminKey()).status()).isEqualTo(404);
    }

    private static Path write(String name, byte[] bytes) {
        try {
            Path file = Files.createTempFile(TestFolders.ROOT, "upload", name);
            Files.write(file, bytes);
            return file;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
