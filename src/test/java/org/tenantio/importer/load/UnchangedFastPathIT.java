package org.tenantio.importer.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * The unchanged fast path (issue 11 A) against the real database: a row sent again exactly as
 * loaded ends unchanged without being validated or staged in full, and everything that would
 * make the full path decide otherwise — other rules, another mapping, a rollback, an erasure, a
 * withdrawal, a warning — sends the row the full way.
 */
class UnchangedFastPathIT extends ApiIntegrationTest {

    private static final String FILE = HEADER
            + "F-1,Ada,Lovelace,ada@example.org,,1985-12-10,,London,,,GB\n"
            + "F-2,Alan,Turing,alan@example.org,,1962-06-23,,Wilmslow,,,GB\n"
            + "F-3,Grace,Hopper,not-an-email,,1976-12-09,,,,,GB\n"
            + "F-4,Edsger,Dijkstra,edsger@example.org,,1930-05-11,,Nuenen,,,NL\n";

    @Test
    void theSameFileAgainIsRecognisedUnchangedStagedCompactlyAndChangesNothing() {
        JsonNode first = api.importCsv("volunteers", tenant.adminKey(), FILE);
        assertThat(count(first, "inserted")).isEqualTo(3);
        assertThat(count(first, "quarantined")).isEqualTo(1);
        String before = core();

        for (int i = 0; i < 2; i++) {
            JsonNode again = api.importCsv("volunteers", tenant.adminKey(), FILE);

            assertThat(again.get("status").asText()).isEqualTo("completed");
            assertThat(count(again, "unchanged")).isEqualTo(3);
            assertThat(count(again, "quarantined")).as("a row quarantined before is validated again").isEqualTo(1);
            UUID run = UUID.fromString(again.get("id").asText());
            assertThat(staged(run)).as("outcome, raw kept?, record").containsExactly(
                    "1:unchanged:false:true", "2:unchanged:false:true", "3:quarantined:true:false", "4:unchanged:false:true");
            assertThat(core()).as("core, keys, change_log").isEqualTo(before);
            assertThat(nullRates(run)).as("null rates count the unchanged rows' fields")
                    .isEqualTo(nullRates(UUID.fromString(first.get("id").asText()))).contains("email");
            assertThat(again.at("/reconciliation/balanced").asBoolean()).as(again.toString()).isTrue();
        }
    }

    @Test
    void aRuleEnforcedSinceQuarantinesTheRowItLetThroughBefore() {
        setOptions("{\"ruleModes\": {\"FMT-101\": \"off\"}}");
        JsonNode first = api.importCsv("volunteers", tenant.adminKey(), FILE);
        assertThat(count(first, "inserted")).isEqualTo(4);
        assertThat(count(api.importCsv("volunteers", tenant.adminKey(), FILE), "unchanged")).isEqualTo(4);

        setOptions("{\"ruleModes\": {\"FMT-101\": \"enforce\"}}");
        JsonNode again = api.importCsv("volunteers", tenant.adminKey(), FILE);

        assertThat(count(again, "quarantined")).isEqualTo(1);
        assertThat(count(again, "unchanged")).isEqualTo(3);
    }

    @Test
    void anotherMappingVersionMapsTheSameRowsAgain() {
        String csv = "external_id,first_name,last_name,e_mail_address\nM-1,Ada,Lovelace,ADA@Example.org\n";
        String mapping = """
                {"entity": "person", "externalSystem": "volunteers", "externalIdField": "external_id",
                 "columns": [{"source": "external_id"}, {"source": "first_name", "required": true},
                             {"source": "last_name", "required": true},
                             {"source": "e_mail_address", "field": "email", "transforms": ["trim", "lower"]}]}""";
        assertThat(api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(), mapping).status()).isEqualTo(200);
        assertThat(count(api.importCsv("volunteers", tenant.adminKey(), csv), "inserted")).isEqualTo(1);
        assertThat(count(api.importCsv("volunteers", tenant.adminKey(), csv), "unchanged")).isEqualTo(1);

        String upper = mapping.replace("{\"source\": \"last_name\", \"required\": true}",
                "{\"source\": \"last_name\", \"required\": true, \"transforms\": [\"upper\"]}");
        assertThat(upper).isNotEqualTo(mapping);
        assertThat(api.send("PUT", "/api/v1/pipelines/volunteers/mapping", tenant.adminKey(), upper).status()).isEqualTo(200);
        JsonNode again = api.importCsv("volunteers", tenant.adminKey(), csv);

        assertThat(count(again, "updated")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT attributes ->> 'last_name' FROM core_records WHERE tenant_id = ?", String.class,
                tenant.id())).isEqualTo("LOVELACE");
    }

    @Test
    void afterARollbackTheRowsItWroteAreComparedWithTheCoreAgain() {
        api.importCsv("volunteers", tenant.adminKey(), FILE);
        String changed = FILE.replace("ada@example.org", "ada.lovelace@example.org");
        JsonNode update = api.importCsv("volunteers", tenant.adminKey(), changed);
        assertThat(count(update, "updated")).isEqualTo(1);
        assertThat(api.send("POST", "/api/v1/runs/" + update.get("id").asText() + "/rollback", tenant.adminKey(), "").status())
                .isEqualTo(200);

        JsonNode again = api.importCsv("volunteers", tenant.adminKey(), changed);

        assertThat(count(again, "updated")).as("the core holds the old email again").isEqualTo(1);
        assertThat(count(again, "unchanged")).isEqualTo(2);
        assertThat(jdbc.queryForObject("""
                SELECT c.attributes ->> 'email' FROM core_records c JOIN external_id_map m ON m.core_id = c.id
                 WHERE m.tenant_id = ? AND m.external_id = 'F-1'""", String.class, tenant.id()))
                .isEqualTo("ada.lovelace@example.org");
    }

    @Test
    void anErasedPersonAndAWithdrawnOneAreNotTakenForUnchanged() {
        api.importCsv("volunteers", tenant.adminKey(), FILE);
        assertThat(api.send("DELETE", "/api/v1/records/person/" + recordOf("F-1"), tenant.adminKey(),
                "{\"reason\": \"asked by email\"}").status()).isEqualTo(200);
        assertThat(api.send("PUT", "/api/v1/records/person/" + recordOf("F-2") + "/consent", tenant.adminKey(),
                "{\"state\": \"withdrawn\"}").status()).isEqualTo(200);

        JsonNode again = api.importCsv("volunteers", tenant.adminKey(), FILE);

        assertThat(count(again, "skipped_erased")).isEqualTo(1);
        assertThat(count(again, "skipped_consent")).isEqualTo(1);
        assertThat(count(again, "unchanged")).isEqualTo(1);
    }

    @Test
    void aRowLoadedWithAWarningIsValidatedAgainAndItsWarningKept() {
        setOptions("{\"ruleModes\": {\"FMT-101\": \"warn\"}}");
        api.importCsv("volunteers", tenant.adminKey(), FILE);

        JsonNode again = api.importCsv("volunteers", tenant.adminKey(), FILE);

        assertThat(count(again, "unchanged")).isEqualTo(4);
        UUID run = UUID.fromString(again.get("id").asText());
        assertThat(staged(run)).contains("3:unchanged:true:true");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dq_violations WHERE tenant_id = ? AND run_id = ? AND rule_code = 'FMT-101'",
                Long.class, tenant.id(), run)).as("the warning recorded again, as the full path does").isEqualTo(1);
    }

    private String nullRates(UUID run) {
        return jdbc.queryForObject("SELECT report -> 'nullRates' FROM runs WHERE tenant_id = ? AND id = ?", String.class,
                tenant.id(), run);
    }

    private void setOptions(String json) {
        jdbc.update("UPDATE pipelines SET options = options || ?::jsonb WHERE tenant_id = ? AND code = 'volunteers'", json,
                tenant.id());
    }

    private UUID recordOf(String externalId) {
        return jdbc.queryForObject("SELECT core_id FROM external_id_map WHERE tenant_id = ? AND external_id = ?", UUID.class,
                tenant.id(), externalId);
    }

    private List<String> staged(UUID run) {
        return jdbc.queryForList("""
                SELECT row_number || ':' || outcome || ':' || (raw IS NOT NULL) || ':' || (record_id IS NOT NULL)
                  FROM staging_rows WHERE tenant_id = ? AND run_id = ? ORDER BY row_number""", String.class, tenant.id(), run);
    }

    private String core() {
        Map<String, Object> state = jdbc.queryForMap("""
                SELECT (SELECT string_agg(id || attributes::text || content_hash || COALESCE(updated_at::text, ''), ',' ORDER BY id)
                          FROM core_records WHERE tenant_id = ?) AS core,
                       (SELECT string_agg(external_id || core_id || source_hash || last_seen_run, ',' ORDER BY external_id)
                          FROM external_id_map WHERE tenant_id = ?) AS keys,
                       (SELECT count(*) FROM change_log WHERE tenant_id = ?) AS changes""", tenant.id(), tenant.id(), tenant.id());
        return state.toString();
    }

    private static long count(JsonNode run, String outcome) {
        return run.get("counts").path(outcome).asLong();
    }
}
