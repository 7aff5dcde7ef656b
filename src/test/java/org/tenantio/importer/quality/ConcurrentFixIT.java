package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Race;

/**
 * Fixes of one quarantined row checked under the row's lock: of four at once exactly one loads
 * the row, the others get 409 and the run's counts still add up. A fix from an older run never
 * quietly overwrites what a newer run wrote.
 */
class ConcurrentFixIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    static final String HEADER = "external_id,first_name,last_name,email\n";

    @Test
    void ofFourConcurrentFixesOfOneRowExactlyOneSucceedsAndTheCountsStillAddUp() {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(),
                HEADER + "Q-1,Ada,Lovelace,ada@example.org\nQ-2,Grace,Hopper,not-an-email\n");
        assertThat(run.get("counts").get("quarantined").asLong()).isEqualTo(1);
        long violation = violationOf(run);

        List<Api.Response> answers = Race.of(4, () -> api.send("POST", "/api/v1/violations/" + violation + "/fix",
                tenant.adminKey(), "{\"fields\": {\"email\": \"grace@example.org\"}}"));

        assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.status() == 200).findFirst().orElseThrow().json().get("fixed").asBoolean())
                .isTrue();
        List<Api.Response> refused = answers.stream().filter(r -> r.status() != 200).toList();
        assertThat(refused).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("row_not_quarantined");
            assertThat(r.json().get("error").get("message").asText()).isNotBlank();
        });
        JsonNode counts = api.get("/api/v1/runs/" + run.get("id").asText(), tenant.adminKey()).json().get("counts");
        assertThat(counts.get("quarantined").asLong()).isZero();
        assertThat(counts.get("inserted").asLong()).isEqualTo(2);
        assertThat(counts.get("read").asLong()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_log WHERE tenant_id = ? AND operation = 'insert'",
                Long.class, tenant.id())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'violation.fixed'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void aFixFromAnOlderRunIsRefusedWhereANewerRunChangedTheRecordUnlessForcedWithAReason() {
        JsonNode older = api.importCsv("volunteers", tenant.adminKey(), HEADER + "Q-7,Ada,Lovelace,ada-at-example\n");
        long violation = violationOf(older);
        JsonNode newer = api.importCsv("volunteers", tenant.adminKey(), HEADER + "Q-7,Adeline,Lovelace,adeline@example.org\n");
        assertThat(newer.get("counts").get("inserted").asLong()).isEqualTo(1);
        String fix = "/api/v1/violations/" + violation + "/fix";

        Api.Response refused = api.send("POST", fix, tenant.adminKey(), "{\"fields\": {\"email\": \"ada@example.org\"}}");

        assertThat(refused.status()).isEqualTo(409);
        JsonNode error = refused.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("record_changed_since");
        assertThat(error.get("message").asText()).contains("first_name").contains("email")
                .contains(newer.get("id").asText()).doesNotContain("last_name");
        // email's derived match form changes with it; last_name is the same in both runs
        assertThat(error.get("details").findValuesAsText("field")).contains("first_name", "email").doesNotContain("last_name");
        assertThat(error.get("details").findValuesAsText("changedByRun")).containsOnly(newer.get("id").asText());
        assertThat(record("Q-7").get("first_name").asText()).isEqualTo("Adeline");

        Api.Response noReason = api.send("POST", fix, tenant.adminKey(), "{\"fields\": {\"email\": \"ada@example.org\"}, \"force\": true}");
        assertThat(noReason.status()).isEqualTo(400);
        assertThat(noReason.json().get("error").get("code").asText()).isEqualTo("reason_required");

        Api.Response forced = api.send("POST", fix, tenant.adminKey(),
                "{\"fields\": {\"email\": \"ada@example.org\"}, \"force\": true, \"reason\": \"the older export was right\"}");
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.json().get("fixed").asBoolean()).isTrue();
        assertThat(record("Q-7").get("first_name").asText()).isEqualTo("Ada");
        assertThat(jdbc.queryForObject("""
                SELECT after -> 'forced' ->> 'reason' FROM audit_log WHERE tenant_id = ? AND action = 'violation.fixed'""",
                String.class, tenant.id())).isEqualTo("the older export was right");
    }

    private long violationOf(JsonNode run) {
        return api.get("/api/v1/runs/" + run.get("id").asText() + "/violations", tenant.adminKey()).json()
                .get("items").get(0).get("id").asLong();
    }

    private JsonNode record(String externalId) {
        String json = jdbc.queryForObject("""
                SELECT c.attributes::text FROM core_records c JOIN external_id_map m ON m.core_id = c.id
                 WHERE c.tenant_id = ? AND m.external_id = ?""", String.class, tenant.id(), externalId);
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(personal.open(json));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
