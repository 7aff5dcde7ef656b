package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;

/** The steward's review of duplicates over REST: merge, not-duplicate, defer, undo, scan. */
class DuplicatesApiIT extends ApiIntegrationTest {

    static final String JON = "V-1,Jon,Smith,jon+events@gmail.com,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n";
    static final String LIKELY = "B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n";

    @Autowired
    IdentityFixtures fixtures;

    private JsonNode pendingAfterImporting(String... files) {
        for (String file : files) {
            api.importCsv("volunteers", tenant.adminKey(), HEADER + file);
        }
        JsonNode page = api.get("/api/v1/duplicates?status=pending", tenant.adminKey()).json();
        assertThat(page.get("total").asLong()).isEqualTo(1);
        return page.get("items").get(0);
    }

    private JsonNode post(String path, String key, String body) {
        return api.send("POST", path, key, body).json();
    }

    @Test
    void aStewardMergesAPairChoosingTheWinnerOfAField() {
        JsonNode suggestion = pendingAfterImporting(JON, LIKELY);
        String steward = fixtures.key(tenant.id(), "steward");
        String side = suggestion.get("left").get("attributes").get("email").asText().startsWith("jsmith") ? "left" : "right";

        JsonNode merged = post("/api/v1/duplicates/" + suggestion.get("id").asLong() + "/merge", steward,
                "{\"fields\": {\"email\": \"" + side + "\"}}");

        assertThat(merged.get("status").asText()).isEqualTo("merged");
        assertThat(merged.get("mergeId").asLong()).isPositive();
        List<JsonNode> persons = IdentityFixtures.persons(api, tenant.adminKey());
        assertThat(persons).hasSize(1);
        assertThat(IdentityFixtures.externalIds(persons.get(0))).containsExactlyInAnyOrder("volunteers:V-1", "volunteers:B-7");
        JsonNode attributes = persons.get(0).get("attributes");
        assertThat(attributes.get("email").asText()).isEqualTo("jsmith@work.example.org");
        assertThat(attributes.get("date_of_birth").asText()).isEqualTo("1990-04-12");
        assertThat(attributes.get("emails")).hasSize(2);
        Long audited = jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'duplicate.merged'",
                Long.class, tenant.id());
        assertThat(audited).isEqualTo(1);
        assertThat(api.send("POST", "/api/v1/duplicates/" + suggestion.get("id").asLong() + "/merge", steward, "{}").status())
                .isEqualTo(409);
    }

    @Test
    void undoRestoresBothRecordsTheirExternalIdsAndKeysExactly() {
        JsonNode suggestion = pendingAfterImporting(JON, LIKELY);
        String before = fixtures.snapshot(tenant.id());
        long mergeId = post("/api/v1/duplicates/" + suggestion.get("id").asLong() + "/merge", tenant.adminKey(), "{}")
                .get("mergeId").asLong();
        assertThat(fixtures.snapshot(tenant.id())).isNotEqualTo(before);
        String steward = fixtures.key(tenant.id(), "steward");
        assertThat(api.send("POST", "/api/v1/merges/" + mergeId + "/undo", steward, "").status()).isEqualTo(403);

        JsonNode undone = post("/api/v1/merges/" + mergeId + "/undo", tenant.adminKey(), "");

        assertThat(undone.get("undoneAt").isNull()).isFalse();
        assertThat(fixtures.snapshot(tenant.id())).isEqualTo(before);
        assertThat(IdentityFixtures.persons(api, tenant.adminKey())).hasSize(2);
        assertThat(api.get("/api/v1/duplicates?status=pending", tenant.adminKey()).json().get("total").asLong()).isEqualTo(1);
        assertThat(api.send("POST", "/api/v1/merges/" + mergeId + "/undo", tenant.adminKey(), "").status()).isEqualTo(409);
        Long audited = jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'merge.undone'",
                Long.class, tenant.id());
        assertThat(audited).isEqualTo(1);
    }

    @Test
    void anAutomaticMergeIsListedAndCanBeUndone() {
        api.importCsv("volunteers", tenant.adminKey(), HEADER + JON);
        String jonBefore = jdbc.queryForObject("SELECT to_jsonb(c)::text FROM core_records c WHERE tenant_id = ?",
                String.class, tenant.id());
        api.importCsv("volunteers", tenant.adminKey(), HEADER + "C-9,Jonathan,Smith,jon@gmail.com,,1990-04-12,,,,,GB\n");
        JsonNode merges = api.get("/api/v1/merges", tenant.adminKey()).json();
        assertThat(merges.get("total").asLong()).isEqualTo(1);
        JsonNode merge = merges.get("items").get(0);
        assertThat(merge.get("actor").asText()).isEqualTo("system:import");
        assertThat(merge.get("score").asDouble()).isGreaterThanOrEqualTo(0.95);
        assertThat(api.get("/api/v1/merges?recordId=" + merge.get("survivorId").asText(), tenant.adminKey()).json()
                .get("total").asLong()).isEqualTo(1);

        post("/api/v1/merges/" + merge.get("id").asLong() + "/undo", tenant.adminKey(), "");

        List<JsonNode> persons = IdentityFixtures.persons(api, tenant.adminKey());
        assertThat(persons).hasSize(2);
        assertThat(api.get("/api/v1/merges/" + merge.get("id").asLong(), tenant.adminKey()).json().get("undoneBy").asText())
                .startsWith("key:");
        assertThat(jdbc.queryForObject("SELECT to_jsonb(c)::text FROM core_records c WHERE tenant_id = ? AND id = ?::uuid",
                String.class, tenant.id(), merge.get("survivorId").asText())).isEqualTo(jonBefore);
        assertThat(persons.stream().map(IdentityFixtures::externalIds).toList())
                .containsExactlyInAnyOrder(List.of("volunteers:V-1"), List.of("volunteers:C-9"));
    }

    @Test
    void notDuplicateIsRememberedSoAScanDoesNotSuggestThePairAgain() {
        JsonNode suggestion = pendingAfterImporting(JON, LIKELY);

        JsonNode decided = post("/api/v1/duplicates/" + suggestion.get("id").asLong() + "/not-duplicate",
                tenant.adminKey(), "");
        JsonNode scan = finishedScan();

        assertThat(decided.get("status").asText()).isEqualTo("not_duplicate");
        assertThat(scan.get("status").asText()).isEqualTo("completed");
        assertThat(api.get("/api/v1/duplicates?status=pending", tenant.adminKey()).json().get("total").asLong()).isZero();
        assertThat(api.get("/api/v1/duplicates?status=not_duplicate", tenant.adminKey()).json().get("total").asLong())
                .isEqualTo(1);
    }

    @Test
    void aDeferredSuggestionIsListedAsDeferredAndCanStillBeDecided() {
        JsonNode suggestion = pendingAfterImporting(JON, LIKELY);
        long id = suggestion.get("id").asLong();

        post("/api/v1/duplicates/" + id + "/defer", tenant.adminKey(), "");

        assertThat(api.get("/api/v1/duplicates?status=deferred", tenant.adminKey()).json().get("total").asLong()).isEqualTo(1);
        assertThat(api.get("/api/v1/duplicates/" + id, tenant.adminKey()).json().get("status").asText()).isEqualTo("deferred");
        assertThat(post("/api/v1/duplicates/" + id + "/not-duplicate", tenant.adminKey(), "").get("status").asText())
                .isEqualTo("not_duplicate");
        assertThat(api.send("POST", "/api/v1/duplicates/" + id + "/defer", tenant.adminKey(), "").status()).isEqualTo(409);
    }

    @Test
    void aScanFindsDuplicatesThatWereInTheCoreBeforeMatching() {
        api.importCsv("volunteers", tenant.adminKey(), HEADER + JON);
        api.importCsv("volunteers", tenant.adminKey(), HEADER + LIKELY);
        // As if both had been loaded before the entity had match rules: no keys, no suggestions.
        jdbc.update("DELETE FROM dedupe_suggestions WHERE tenant_id = ?", tenant.id());
        jdbc.update("DELETE FROM match_keys WHERE tenant_id = ?", tenant.id());

        JsonNode scan = finishedScan();

        assertThat(scan.get("scanned").asLong()).isEqualTo(2);
        assertThat(scan.get("total").asLong()).isEqualTo(2);
        assertThat(scan.get("suggestions").asLong()).isEqualTo(1);
        JsonNode pending = api.get("/api/v1/duplicates", tenant.adminKey()).json();
        assertThat(pending.get("total").asLong()).isEqualTo(1);
        assertThat(pending.get("items").get(0).hasNonNull("runId")).isFalse();
    }

    @Test
    void rolesAndBadInputGetClearErrors() {
        JsonNode suggestion = pendingAfterImporting(JON, LIKELY);
        long id = suggestion.get("id").asLong();

        assertThat(api.send("POST", "/api/v1/duplicates/" + id + "/merge", tenant.viewerKey(), "{}").status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/v1/duplicates/scan", tenant.viewerKey(), "{}").status()).isEqualTo(403);
        assertThat(api.get("/api/v1/duplicates?status=maybe", tenant.adminKey()).json().get("error").get("code").asText())
                .isEqualTo("invalid_status");
        assertThat(api.send("POST", "/api/v1/duplicates/" + id + "/merge", tenant.adminKey(), "{\"survivor\": \"middle\"}")
                .json().get("error").get("code").asText()).isEqualTo("invalid_survivor");
        assertThat(api.send("POST", "/api/v1/duplicates/" + id + "/merge", tenant.adminKey(),
                "{\"fields\": {\"email\": \"both\"}}").json().get("error").get("code").asText()).isEqualTo("invalid_field_choice");
        assertThat(api.get("/api/v1/duplicates/999999999", tenant.adminKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/merges/999999999", tenant.adminKey()).status()).isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/duplicates/scan", tenant.adminKey(), "{\"entityType\": \"course\"}")
                .json().get("error").get("code").asText()).isEqualTo("no_match_rules");
        assertThat(api.get("/api/v1/duplicates/scans/" + java.util.UUID.randomUUID(), tenant.adminKey()).status())
                .isEqualTo(404);
    }

    private JsonNode finishedScan() {
        String operator = fixtures.key(tenant.id(), "operator");
        org.tenantio.importer.support.Api.Response started = api.send("POST", "/api/v1/duplicates/scan", operator,
                "{\"entityType\": \"person\"}");
        assertThat(started.status()).isEqualTo(202);
        String path = started.location();
        JsonNode[] last = new JsonNode[1];
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> {
            last[0] = api.get(path, operator).json();
            return !last[0].get("status").asText().equals("running");
        });
        return last[0];
    }
}
