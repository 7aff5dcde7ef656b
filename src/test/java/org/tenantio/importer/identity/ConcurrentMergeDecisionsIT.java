package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Race;

/**
 * Duplicate decisions and merge undos check their state under the lock they act under: of
 * concurrent calls exactly one is carried out, the others get 409. An undo never silently puts
 * back values a later run wrote over the survivor.
 */
class ConcurrentMergeDecisionsIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    static final String HEADER = "external_id,first_name,last_name,email\n";

    @Test
    void ofFourConcurrentDecisionsOnOneSuggestionExactlyOneIsTaken() {
        long suggestion = suggest("D-1", "Alan", "Turing", "D-2", "Edsger", "Dijkstra");
        AtomicInteger n = new AtomicInteger();

        List<Api.Response> answers = Race.of(4, () -> api.send("POST", "/api/v1/duplicates/" + suggestion
                + (n.getAndIncrement() % 2 == 0 ? "/merge" : "/not-duplicate"), tenant.adminKey(), "{}"));

        assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.status() != 200)).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("suggestion_decided");
        });
        String status = jdbc.queryForObject("SELECT status FROM dedupe_suggestions WHERE id = ?", String.class, suggestion);
        long merges = jdbc.queryForObject("SELECT count(*) FROM merge_log WHERE tenant_id = ?", Long.class, tenant.id());
        assertThat(merges).isEqualTo("merged".equals(status) ? 1 : 0);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action LIKE 'duplicate.%'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void ofFourConcurrentUndosOfOneMergeExactlyOneIsCarriedOut() {
        long suggestion = suggest("U-1", "Barbara", "Liskov", "U-2", "Donald", "Knuth");
        long merge = api.send("POST", "/api/v1/duplicates/" + suggestion + "/merge", tenant.adminKey(), "{}").json()
                .get("mergeId").asLong();

        List<Api.Response> answers = Race.of(4, () -> api.send("POST", "/api/v1/merges/" + merge + "/undo",
                tenant.adminKey(), ""));

        assertThat(answers.stream().filter(r -> r.status() == 200)).hasSize(1);
        assertThat(answers.stream().filter(r -> r.status() != 200)).hasSize(3).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(409);
            assertThat(r.json().get("error").get("code").asText()).isEqualTo("merge_undone");
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ? AND merged_into IS NULL",
                Long.class, tenant.id())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_log WHERE tenant_id = ? AND operation = 'unmerge'",
                Long.class, tenant.id())).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'merge.undone'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void undoIsRefusedNamingTheFieldsAndRunWhenTheSurvivorChangedSinceUnlessForcedWithAReason() {
        long suggestion = suggest("S-1", "Frances", "Allen", "S-2", "Niklaus", "Wirth");
        JsonNode merged = api.send("POST", "/api/v1/duplicates/" + suggestion + "/merge", tenant.adminKey(),
                "{\"survivor\": \"left\"}").json();
        long merge = merged.get("mergeId").asLong();
        UUID survivor = jdbc.queryForObject("SELECT survivor_id FROM merge_log WHERE id = ?", UUID.class, merge);
        JsonNode later = api.importCsv("volunteers", tenant.adminKey(), HEADER + "S-1,Frances,Allen,fran@new.example.org\n");
        assertThat(later.get("counts").get("updated").asLong()).isEqualTo(1);
        String undo = "/api/v1/merges/" + merge + "/undo";

        Api.Response refused = api.send("POST", undo, tenant.adminKey(), "");

        assertThat(refused.status()).isEqualTo(409);
        JsonNode error = refused.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo("survivor_changed");
        assertThat(error.get("message").asText()).contains("email").contains(later.get("id").asText());
        assertThat(error.get("details").findValuesAsText("field")).contains("email").doesNotContain("first_name", "last_name");
        assertThat(error.get("details").findValuesAsText("changedByRun")).containsOnly(later.get("id").asText());
        assertThat(jdbc.queryForObject("SELECT undone_at IS NULL FROM merge_log WHERE id = ?", Boolean.class, merge)).isTrue();

        assertThat(api.send("POST", undo, tenant.adminKey(), "{\"force\": true}").json().get("error").get("code").asText())
                .isEqualTo("reason_required");

        Api.Response forced = api.send("POST", undo, tenant.adminKey(),
                "{\"force\": true, \"reason\": \"the pair was two people\"}");
        assertThat(forced.status()).isEqualTo(200);
        assertThat(forced.json().get("undoneAt").isNull()).isFalse();
        assertThat(personal.openValue(jdbc.queryForObject("SELECT attributes ->> 'email' FROM core_records WHERE id = ?", String.class, survivor)))
                .isEqualTo("s-1@example.org");
        assertThat(jdbc.queryForObject("""
                SELECT after -> 'forced' ->> 'reason' FROM audit_log WHERE tenant_id = ? AND action = 'merge.undone'""",
                String.class, tenant.id())).isEqualTo("the pair was two people");
    }

    /** Two unrelated people, and a pending suggestion pairing them as a steward would see it. */
    private long suggest(String leftId, String leftFirst, String leftLast, String rightId, String rightFirst, String rightLast) {
        api.importCsv("volunteers", tenant.adminKey(), HEADER
                + leftId + "," + leftFirst + "," + leftLast + "," + leftId.toLowerCase() + "@example.org\n"
                + rightId + "," + rightFirst + "," + rightLast + "," + rightId.toLowerCase() + "@example.org\n");
        UUID left = recordOf(leftId);
        UUID right = recordOf(rightId);
        return jdbc.queryForObject("""
                INSERT INTO dedupe_suggestions (tenant_id, entity_type, left_id, right_id, score, features)
                VALUES (?, 'person', ?, ?, 0.9, '[]') RETURNING id""", Long.class, tenant.id(), left, right);
    }

    private UUID recordOf(String externalId) {
        return jdbc.queryForObject("SELECT core_id FROM external_id_map WHERE tenant_id = ? AND external_id = ?", UUID.class,
                tenant.id(), externalId);
    }
}
