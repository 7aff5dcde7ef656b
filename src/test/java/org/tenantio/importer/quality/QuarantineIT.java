package org.tenantio.importer.quality;

import org.tenantio.importer.system.CellSanitiser;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/** The steward's loop: find what failed and why, fix and requeue it, close it, work on it in bulk or in a spreadsheet. */
class QuarantineIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    static final String HEADER = "external_id,first_name,last_name,email,phone,date_of_birth\n";

    @Autowired
    PipelineRepository pipelines;

    String key;

    @BeforeEach
    void setUp() {
        key = tenant.adminKey();
    }

    private JsonNode sampleRun() throws IOException {
        return api.importCsv("volunteers", key, Files.readString(Path.of("docs/samples/volunteers.csv")));
    }

    private JsonNode violations(String query) {
        return api.get("/api/v1/violations?" + query, key).json();
    }

    private long violationId(String runId, String ruleCode) {
        return violations("runId=" + runId + "&ruleCode=" + ruleCode).get("items").get(0).get("id").asLong();
    }

    @Test
    void theInboxFiltersAndPages() throws IOException {
        String run = sampleRun().get("id").asText();

        JsonNode phones = violations("runId=" + run + "&ruleCode=FMT-102&status=open&limit=1");

        assertThat(phones.get("total").asLong()).isEqualTo(2);
        assertThat(phones.get("items")).hasSize(1);
        assertThat(phones.get("items").get(0).get("severity").asText()).isEqualTo("error");
        assertThat(violations("runId=" + run).get("total").asLong()).isEqualTo(5);
        assertThat(violations("ruleCode=DOM-201&entity=person").get("total").asLong()).isEqualTo(1);
        assertThat(violations("status=fixed&runId=" + run).get("total").asLong()).isZero();
    }

    @Test
    void aViolationShowsItsRowAsReadAndNormalisedWithEveryViolationAndHint() {
        String run = api.importCsv("volunteers", key, HEADER + "M-1,Ada,Lovelace,bad@,12345,2091-01-01\n").get("id").asText();

        JsonNode detail = api.get("/api/v1/violations/" + violationId(run, "FMT-101"), key).json();

        assertThat(detail.get("row").get("raw").get("email").asText()).isEqualTo("bad@");
        assertThat(detail.get("row").get("raw").get("phone").asText()).isEqualTo("12345");
        assertThat(detail.get("violations")).extracting(v -> v.get("ruleCode").asText())
                .containsExactlyInAnyOrder("FMT-101", "FMT-102", "DOM-201");
        assertThat(detail.get("hints")).hasSize(3);
    }

    @Test
    void aCorrectedRowIsRevalidatedAndLandsUnderItsOriginalRunAndRow() throws IOException {
        JsonNode run = sampleRun();
        String runId = run.get("id").asText();
        long id = violationId(runId, "FMT-101");

        JsonNode result = api.postJson("/api/v1/violations/" + id + "/fix", key, "application/json",
                "{\"fields\": {\"email\": \"Margaret@Example.org\"}}").json();

        assertThat(result.get("fixed").asBoolean()).isTrue();
        assertThat(result.get("outcome").asText()).isEqualTo("inserted");
        assertThat(api.get("/api/v1/violations/" + id, key).json().get("violation").get("status").asText()).isEqualTo("fixed");
        JsonNode counts = api.get("/api/v1/runs/" + runId, key).json().get("counts");
        assertThat(counts.get("inserted").asLong()).isEqualTo(6);
        assertThat(counts.get("quarantined").asLong()).isEqualTo(4);
        Map<String, Object> record = jdbc.queryForMap("""
                SELECT c.attributes ->> 'email' AS email, c.x_run_id::text AS run, c.x_row_number AS row_number
                  FROM external_id_map m JOIN core_records c ON c.id = m.core_id
                 WHERE m.tenant_id = ? AND m.external_id = 'V-1006'""", tenant.id());
        assertThat(org.tenantio.importer.support.Opened.row(personal, record)).containsEntry("email", "margaret@example.org").containsEntry("run", runId)
                .containsEntry("row_number", 6L);
        assertThat(jdbc.queryForObject("SELECT after::text FROM audit_log WHERE tenant_id = ? AND action = 'violation.fixed'",
                String.class, tenant.id())).contains("Margaret@Example.org");
    }

    @Test
    void aRowWithSeveralViolationsIsFixedOnlyWhenAllAre() {
        String run = api.importCsv("volunteers", key, HEADER + "M-2,Alan,Turing,bad@,12345,\n").get("id").asText();
        long id = violationId(run, "FMT-101");

        JsonNode half = api.postJson("/api/v1/violations/" + id + "/fix", key, "application/json",
                "{\"fields\": {\"email\": \"alan@example.org\"}}").json();

        assertThat(half.get("fixed").asBoolean()).isFalse();
        assertThat(half.get("violations")).extracting(v -> v.get("ruleCode").asText()).containsExactly("FMT-102");
        assertThat(violations("runId=" + run + "&status=open").get("total").asLong()).isEqualTo(2);

        JsonNode whole = api.postJson("/api/v1/violations/" + id + "/fix", key, "application/json",
                "{\"fields\": {\"email\": \"alan@example.org\"}, \"columns\": {\"phone\": \"+44 161 496 0123\"}}").json();
        assertThat(whole.get("fixed").asBoolean()).isTrue();
        assertThat(violations("runId=" + run + "&status=fixed").get("total").asLong()).isEqualTo(2);
        assertThat(api.postJson("/api/v1/violations/" + id + "/fix", key, "application/json", "{}").status()).isEqualTo(409);
    }

    @Test
    void violationsCanBeSuppressedOrClosedAsWontFixWithAReason() throws IOException {
        String run = sampleRun().get("id").asText();
        long phone = violationId(run, "FMT-102");
        long dob = violationId(run, "DOM-201");

        Api.Response noReason = api.postJson("/api/v1/violations/" + phone + "/suppress", key, "application/json", "{}");
        JsonNode suppressed = api.postJson("/api/v1/violations/" + phone + "/suppress", key, "application/json",
                "{\"reason\": \"drama number, known\"}").json();
        JsonNode closed = api.postJson("/api/v1/violations/" + dob + "/wont-fix", key, "application/json",
                "{\"reason\": \"person left\"}").json();
        Api.Response again = api.postJson("/api/v1/violations/" + phone + "/suppress", key, "application/json",
                "{\"reason\": \"x\"}");

        assertThat(noReason.status()).isEqualTo(400);
        assertThat(suppressed.get("status").asText()).isEqualTo("suppressed");
        assertThat(closed.get("status").asText()).isEqualTo("wont_fix");
        assertThat(again.status()).isEqualTo(409);
        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND action LIKE 'violation.%' ORDER BY id",
                String.class, tenant.id())).containsExactly("violation.suppressed", "violation.wont_fix");
        assertThat(api.postJson("/api/v1/violations/" + dob + "/suppress", tenant.viewerKey(), "application/json",
                "{\"reason\": \"x\"}").status()).isEqualTo(403);
    }

    @Test
    void aBulkRevalidationAfterAChangedSettingRequeuesEveryMatchingRow() {
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "relaxed", "r", "import", List.of("csv"), "person",
                "shared/volunteers.yaml", "active", Map.of()), "test", "test");
        String run = api.importCsv("relaxed", key, HEADER + "B-1,Ada,Lovelace,,,\nB-2,Alan,Turing,,,\n"
                + "B-3,Grace,Hopper,bad@,,\n").get("id").asText();
        assertThat(violations("runId=" + run + "&ruleCode=REQ-001").get("total").asLong()).isEqualTo(2);
        jdbc.update("UPDATE pipelines SET options = '{\"disabledRules\": [\"REQ-001\"]}' WHERE tenant_id = ? AND code = 'relaxed'",
                tenant.id());

        JsonNode result = api.postJson("/api/v1/violations/bulk", key, "application/json",
                "{\"filter\": {\"ruleCode\": \"REQ-001\", \"runId\": \"" + run + "\"}, \"action\": \"revalidate\"}").json();

        assertThat(result.get("rows").asInt()).isEqualTo(2);
        assertThat(result.get("fixed").asInt()).isEqualTo(2);
        assertThat(violations("runId=" + run + "&status=open").get("total").asLong()).isEqualTo(1);
        assertThat(jdbc.queryForList("SELECT m.external_id FROM external_id_map m WHERE m.tenant_id = ? ORDER BY 1",
                String.class, tenant.id())).containsExactly("B-1", "B-2");

        JsonNode lowered = api.postJson("/api/v1/violations/bulk", key, "application/json",
                "{\"filter\": {\"ruleCode\": \"FMT-101\", \"runId\": \"" + run + "\"}, \"action\": \"lower\", \"field\": \"email\"}").json();
        assertThat(lowered.get("stillFailing").asInt()).isEqualTo(1);
        assertThat(api.postJson("/api/v1/violations/bulk", key, "application/json", "{\"action\": \"explode\"}").status())
                .isEqualTo(400);
    }

    @Test
    void theExportIsSafeForSpreadsheetsAndACorrectedExportRequeuesWithLineage() {
        String run = api.importCsv("volunteers", key, HEADER + "E-1,=HYPERLINK(\"x\"),Lovelace,bad@,,\n"
                + "E-2,@Alan,Turing,,,\n").get("id").asText();

        Api.Response export = api.get("/api/v1/violations/export?runId=" + run, key);

        assertThat(export.status()).isEqualTo(200);
        List<String> lines = export.body().lines().toList();
        assertThat(lines.get(0)).startsWith("_run_id,_row_number,_rules,_messages,external_id,first_name");
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).contains("\"'=HYPERLINK(\"\"x\"\")\"").contains("FMT-101");
        assertThat(lines.get(2)).contains(",'@Alan,").contains("REQ-001");

        List<String> corrected = new ArrayList<>(lines);
        corrected.set(1, lines.get(1).replace("bad@", "ada@example.org"));
        corrected.set(2, lines.get(2).replace(",Turing,,", ",Turing,alan@example.org,"));
        JsonNode result = api.postJson("/api/v1/violations/import", key, "text/csv", String.join("\r\n", corrected) + "\r\n").json();

        assertThat(result.get("fixed").asInt()).as(result.toString()).isEqualTo(2);
        Map<String, Object> first = jdbc.queryForMap("""
                SELECT c.attributes ->> 'first_name' AS first, c.x_run_id::text AS run, c.x_row_number AS row_number
                  FROM external_id_map m JOIN core_records c ON c.id = m.core_id
                 WHERE m.tenant_id = ? AND m.external_id = 'E-1'""", tenant.id());
        assertThat(first).containsEntry("first", "=HYPERLINK(\"x\")").containsEntry("run", run).containsEntry("row_number", 1L);
        assertThat(api.postJson("/api/v1/violations/import", key, "text/csv", "a,b\n1,2\n").status()).isEqualTo(400);
    }

    @Test
    void badBulkAndSpreadsheetRequestsAreRefusedWithTheirCodesAndEveryTransformKeepsTheRowAccounted() {
        String run = api.importCsv("volunteers", key, HEADER + "Q-1,Ada,Lovelace,bad@,,\n").get("id").asText();
        String filter = "{\"filter\": {\"ruleCode\": \"FMT-101\", \"runId\": \"" + run + "\"}, ";

        Api.Response noField = api.postJson("/api/v1/violations/bulk", key, "application/json", filter + "\"action\": \"lower\"}");
        assertThat(noField.status()).isEqualTo(400);
        assertThat(noField.json().at("/error/code").asText()).isEqualTo("field_required");
        for (String action : List.of("upper", "trim")) {
            JsonNode result = api.postJson("/api/v1/violations/bulk", key, "application/json",
                    filter + "\"action\": \"" + action + "\", \"field\": \"email\"}").json();
            assertThat(result.get("rows").asInt()).as(action).isEqualTo(1);
            assertThat(result.get("stillFailing").asInt()).as(action).isEqualTo(1);
        }

        Api.Response badReference = api.postJson("/api/v1/violations/import", key, "text/csv",
                "_run_id,_row_number,email\nnot-a-run,x,ada@example.org\n");
        assertThat(badReference.status()).isEqualTo(400);
        assertThat(badReference.json().at("/error/code").asText()).isEqualTo("bad_reference");
        assertThat(violations("runId=" + run + "&status=open").get("total").asLong()).isEqualTo(1);
    }

    @Test
    void sanitisingRoundTrips() {
        for (String v : List.of("=1+1", "+44 20", "-5", "@x", "\tx", "\rx", "plain", "'quoted", "")) {
            assertThat(CellSanitiser.unsanitise(CellSanitiser.sanitise(v))).isEqualTo(v);
        }
        assertThat(CellSanitiser.sanitise("=1+1")).isEqualTo("'=1+1");
        assertThat(CellSanitiser.sanitise("plain")).isEqualTo("plain");
    }
}
