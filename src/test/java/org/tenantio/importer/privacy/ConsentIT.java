package org.tenantio.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;

/** Consent as data: from files with the rules of requirements 003, and from the API; what a withdrawal stops. */
class ConsentIT extends ApiIntegrationTest {

    static final String HEADER = "external_id,first_name,last_name,email,phone,date_of_birth,street,city,state,postal_code,country,"
            + "consent_state,consent_signed_at,consent_source,consent_required\n";

    @Autowired
    IdentityFixtures fixtures;

    private JsonNode importRows(String... rows) {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), HEADER + String.join("\n", rows) + "\n");
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertCountsAddUp(run.get("counts"));
        return run.get("counts");
    }

    static void assertCountsAddUp(JsonNode counts) {
        long sum = 0;
        for (Iterator<Map.Entry<String, JsonNode>> it = counts.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getKey().equals("read")) {
                sum += e.getValue().asLong();
            }
        }
        assertThat(sum).as("outcomes add up to rows read: %s", counts).isEqualTo(counts.get("read").asLong());
    }

    private Map<String, Object> consentOf(String externalId) {
        return jdbc.queryForMap("""
                SELECT c.id, c.consent_state, c.consent_signed_at::text AS signed_at, c.consent_source, c.attributes::text AS attributes
                  FROM core_records c JOIN external_id_map m ON m.core_id = c.id AND m.tenant_id = c.tenant_id
                 WHERE c.tenant_id = ? AND m.external_id = ?""", tenant.id(), externalId);
    }

    private UUID idOf(String externalId) {
        return (UUID) consentOf(externalId).get("id");
    }

    @Test
    void aFileSetsConsentAndAWithdrawalWinsOnlyOverAnOlderGrant() {
        importRows("C-1,Ann,Lee,ann@example.org,,,,London,,,GB,yes,2024-03-01,paper form,true",
                "C-2,Bob,Ray,bob@example.org,,,,London,,,GB,granted,2024-06-01T10:00:00Z,web,");
        Map<String, Object> ann = consentOf("C-1");
        assertThat(ann.get("consent_state")).isEqualTo("granted");
        assertThat(ann.get("consent_source")).isEqualTo("paper form");
        assertThat((String) ann.get("attributes")).doesNotContain("consent_state", "consent_signed_at", "paper form");

        // Ann withdraws (later than her grant); Bob's file "withdrawal" is older than his grant and loses.
        JsonNode counts = importRows("C-1,Ann,Lee,ann@example.org,,,,London,,,GB,withdrawn,2024-05-01,email,",
                "C-2,Bob,Ray,bob@example.org,,,,London,,,GB,withdrawn,2024-01-01,old list,");
        assertThat(counts.get("updated").asLong()).isEqualTo(2);
        assertThat(consentOf("C-1").get("consent_state")).isEqualTo("withdrawn");
        assertThat(consentOf("C-2").get("consent_state")).isEqualTo("granted");
        assertThat(consentOf("C-2").get("consent_source")).isEqualTo("web");

        // An empty consent never replaces Bob's grant, though his other data still updates.
        counts = importRows("C-2,Bob,Ray,bob.ray@example.org,,,,Leeds,,,GB,,,,");
        assertThat(counts.get("updated").asLong()).isEqualTo(1);
        assertThat(consentOf("C-2").get("consent_state")).isEqualTo("granted");

        List<Map<String, Object>> history = jdbc.queryForList(
                "SELECT state, source, actor FROM consent_history WHERE tenant_id = ? AND record_id = ? ORDER BY id",
                tenant.id(), idOf("C-1"));
        assertThat(history).extracting(h -> h.get("state")).containsExactly("granted", "withdrawn");
        assertThat(history).allSatisfy(h -> assertThat((String) h.get("actor")).startsWith("run:"));
    }

    @Test
    void aWithdrawnRecordTakesNoMoreImportedDataUnlessANewerGrantArrives() {
        importRows("W-1,Cat,Moe,cat@example.org,,,,London,,,GB,withdrawn,2024-05-01,phone call,");
        String before = (String) consentOf("W-1").get("attributes");
        String keysBefore = matchKeysOf("W-1");

        JsonNode counts = importRows("W-1,Cat,Moe,cat.new@example.org,,,,Paris,,,FR,,,,",
                "W-1,Cat,Moe,cat@example.org,,,,London,,,GB,granted,2024-04-01,older form,",
                "W-2,Dan,Orr,dan@example.org,,,,London,,,GB,,,,");

        assertThat(counts.get("skipped_consent").asLong()).isEqualTo(2);
        assertThat(counts.get("inserted").asLong()).isEqualTo(1);
        assertThat(consentOf("W-1").get("attributes")).isEqualTo(before);
        assertThat(consentOf("W-1").get("consent_state")).isEqualTo("withdrawn");
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM staging_rows WHERE tenant_id = ? AND outcome = 'skipped_consent' AND record_id IS NULL""",
                Long.class, tenant.id())).isEqualTo(2);
        // Match keys are keyed hashes: no key of the new email (or any other) was added to the record.
        assertThat(matchKeysOf("W-1")).isEqualTo(keysBefore);

        // The person signs again, later: that row is a re-consent, and it loads.
        counts = importRows("W-1,Cat,Moe,cat@example.org,,,,Lyon,,,FR,granted,2024-09-01,new form,");
        assertThat(counts.get("updated").asLong()).isEqualTo(1);
        assertThat(consentOf("W-1").get("consent_state")).isEqualTo("granted");
        assertThat((String) consentOf("W-1").get("attributes")).contains("Lyon");
    }

    @Test
    void aRowThatWouldAutoMergeIntoAWithdrawnRecordEndsSkippedConsentAndWritesNothing() {
        importRows("M-1,Zora,Pellegrino,zora.p@example.org,07911 123458,1972-06-30,3 Vane Court,York,,YO3 7ZZ,GB,withdrawn,2024-05-01,letter,");
        String before = (String) consentOf("M-1").get("attributes");
        String keysBefore = matchKeysOf("M-1");
        long records = jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id());

        // Another system's id, the same person: identity resolution would merge it into M-1.
        JsonNode counts = importRows("OTHER-9,Zora,Pellegrino,zora.p@example.org,07911 123458,1972-06-30,3 Vane Court,York,,YO3 7ZZ,GB,,,,",
                "M-2,Ivo,Quast,ivo.q@example.org,,1990-01-01,,York,,,GB,,,,");

        assertThat(counts.get("skipped_consent").asLong()).as(counts.toString()).isEqualTo(1);
        assertThat(counts.get("merged").asLong()).isZero();
        assertThat(counts.get("inserted").asLong()).isEqualTo(1);
        assertThat(consentOf("M-1").get("attributes")).isEqualTo(before);
        assertThat(matchKeysOf("M-1")).isEqualTo(keysBefore);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(records + 1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM external_id_map WHERE tenant_id = ? AND external_id = 'OTHER-9'",
                Long.class, tenant.id())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM merge_log WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM dedupe_suggestions WHERE tenant_id = ?", Long.class, tenant.id()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE tenant_id = ? AND record_id IS NULL"
                + " AND outcome = 'skipped_consent'", Long.class, tenant.id())).isEqualTo(1);
        // Granted again, the same row merges as any other.
        assertThat(api.send("PUT", "/api/v1/records/person/" + idOf("M-1") + "/consent", tenant.adminKey(),
                "{\"state\": \"granted\", \"source\": \"call\"}").status()).isEqualTo(200);
        counts = importRows("OTHER-9,Zora,Pellegrino,zora.p@example.org,07911 123458,1972-06-30,3 Vane Court,York,,YO3 7ZZ,GB,,,,");
        assertThat(counts.get("merged").asLong()).as(counts.toString()).isEqualTo(1);
    }

    @Test
    void consentRulesQuarantineWhatTheyCannotTrust() {
        JsonNode counts = importRows("R-1,Eve,Fox,eve@example.org,,,,London,,,GB,,,,yes",
                "R-2,Fay,Gil,fay@example.org,,,,London,,,GB,maybe,,,",
                "R-3,Gus,Hay,gus@example.org,,,,London,,,GB,granted,2999-01-01,,",
                "R-4,Hal,Ivy,hal@example.org,,,,London,,,GB,granted,31/02/2024,,",
                "R-5,Ida,Jay,ida@example.org,,,,London,,,GB,granted,2024-02-02,,no");
        assertThat(counts.get("quarantined").asLong()).isEqualTo(4);
        assertThat(counts.get("inserted").asLong()).isEqualTo(1);
        List<String> rules = jdbc.queryForList("SELECT rule_code FROM dq_violations WHERE tenant_id = ? ORDER BY row_number",
                String.class, tenant.id());
        assertThat(rules).containsExactly("CONS-601", "CONS-602", "CONS-603", "CONS-603");
    }

    @Test
    void theApiSetsConsentAuditsItKeepsHistoryAndListingsHideWithdrawnBelowAdmin() {
        importRows("A-1,Jo,Kim,jo@example.org,,,,London,,,GB,granted,2024-01-01,form,",
                "A-2,Kai,Lin,kai@example.org,,,,London,,,GB,,,,");
        UUID jo = idOf("A-1");
        String steward = fixtures.key(tenant.id(), "steward");
        String path = "/api/v1/records/person/" + jo + "/consent";

        assertThat(api.send("PUT", path, tenant.viewerKey(), "{\"state\":\"withdrawn\"}").status()).isEqualTo(403);
        JsonNode bad = api.send("PUT", path, steward, "{\"state\":\"nope\"}").json();
        assertThat(bad.get("error").get("code").asText()).isEqualTo("invalid_consent");
        assertThat(api.send("PUT", path, steward, "{\"state\":\"withdrawn\",\"at\":\"2999-01-01\"}").status()).isEqualTo(400);
        assertThat(api.send("PUT", path, steward, "{\"state\":\"withdrawn\",\"at\":\"soon\"}").status()).isEqualTo(400);
        assertThat(api.send("PUT", "/api/v1/records/person/" + UUID.randomUUID() + "/consent", steward,
                "{\"state\":\"withdrawn\"}").status()).isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/records/person/not-an-id/consent", steward, "{\"state\":\"withdrawn\"}").status())
                .isEqualTo(404);

        JsonNode set = api.send("PUT", path, steward,
                "{\"state\":\"withdrawn\",\"source\":\"phone call 2026-11\",\"at\":\"2026-11-01T09:00:00Z\"}").json();
        assertThat(set.get("state").asText()).isEqualTo("withdrawn");
        assertThat(set.get("history")).hasSize(2);
        assertThat(set.get("history").get(1).get("source").asText()).isEqualTo("phone call 2026-11");
        assertThat(set.get("history").get(1).get("actor").asText()).startsWith("key:");
        Map<String, Object> audit = jdbc.queryForMap("""
                SELECT actor_role, target_id, before::text AS before, after::text AS after FROM audit_log
                 WHERE tenant_id = ? AND action = 'consent.changed'""", tenant.id());
        assertThat(audit.get("actor_role")).isEqualTo("steward");
        assertThat(audit.get("target_id")).isEqualTo(jo.toString());
        assertThat((String) audit.get("before")).contains("granted");
        assertThat((String) audit.get("after")).contains("withdrawn").doesNotContain("jo@example.org");

        assertThat(ids(api.get("/api/v1/records/person", steward).json())).containsExactly(idOf("A-2").toString());
        assertThat(ids(api.get("/api/v1/records/person", tenant.viewerKey()).json())).hasSize(1);
        assertThat(ids(api.get("/api/v1/records/person?includeWithdrawn=true", steward).json())).hasSize(2);
        assertThat(ids(api.get("/api/v1/records/person", tenant.adminKey()).json())).hasSize(2);
        assertThat(api.get("/api/v1/records/person", steward).json().get("total").asLong()).isEqualTo(1);

        // At once: the next file's row for Jo is skipped.
        JsonNode counts = importRows("A-1,Jo,Kim,jo.kim@example.org,,,,Leeds,,,GB,,,,");
        assertThat(counts.get("skipped_consent").asLong()).isEqualTo(1);
        assertThat(api.get(path, tenant.viewerKey()).status()).isEqualTo(403);
        assertThat(api.get(path, steward).json().get("state").asText()).isEqualTo("withdrawn");
    }

    private static List<String> ids(JsonNode page) {
        List<String> ids = new java.util.ArrayList<>();
        page.get("items").forEach(i -> ids.add(i.get("id").asText()));
        return ids;
    }

    private String matchKeysOf(String externalId) {
        return jdbc.queryForObject("SELECT COALESCE(string_agg(key_hash::text, ',' ORDER BY key_hash), '') FROM match_keys"
                + " WHERE tenant_id = ? AND core_id = ?", String.class, tenant.id(), idOf(externalId));
    }
}
