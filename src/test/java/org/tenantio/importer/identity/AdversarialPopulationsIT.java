package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * Precision at scale (issue 11 B): generated populations built to provoke false merges go
 * through the real pipeline with the person contract's one configuration. No two distinct
 * people may end in one record, and every person sent again by another system must be found.
 */
class AdversarialPopulationsIT extends ApiIntegrationTest {

    /** What the run did to the population, judged against the truth each generated row carries. */
    record Outcome(int falseMerges, String falselyMerged, int duplicates, int duplicatesMerged, int duplicatesInReview, JsonNode counts,
                   Map<String, UUID> coreOf) {
    }

    private Outcome importAndJudge(List<Populations.Row> rows) {
        StringBuilder csv = new StringBuilder(HEADER);
        rows.forEach(r -> csv.append(r.csv()));
        Api.Response started = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), csv.toString());
        assertThat(started.status()).isEqualTo(202);
        JsonNode run = api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), Duration.ofMinutes(5));
        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("counts").get("quarantined").asLong()).isZero();
        Map<String, UUID> coreOf = new HashMap<>();
        jdbc.query("SELECT external_id, core_id FROM external_id_map WHERE tenant_id = ?",
                rs -> {
                    coreOf.put(rs.getString(1), rs.getObject(2, UUID.class));
                }, tenant.id());
        Map<UUID, Set<Integer>> peopleIn = new HashMap<>();
        Map<Integer, List<String>> idsOf = new HashMap<>();
        for (Populations.Row r : rows) {
            peopleIn.computeIfAbsent(coreOf.get(r.externalId()), k -> new HashSet<>()).add(r.person());
            idsOf.computeIfAbsent(r.person(), k -> new ArrayList<>()).add(r.externalId());
        }
        int falseMerges = peopleIn.values().stream().mapToInt(p -> p.size() - 1).sum();
        StringBuilder falselyMerged = new StringBuilder();
        peopleIn.values().stream().filter(p -> p.size() > 1).limit(5).forEach(p -> rows.stream()
                .filter(r -> p.contains(r.person())).forEach(r -> falselyMerged.append(r).append('\n')));
        Set<String> reviewPairs = new HashSet<>();
        jdbc.query("SELECT left_id, right_id FROM dedupe_suggestions WHERE tenant_id = ? AND status = 'pending'",
                rs -> {
                    reviewPairs.add(rs.getString(1) + rs.getString(2));
                    reviewPairs.add(rs.getString(2) + rs.getString(1));
                }, tenant.id());
        int duplicates = 0;
        int merged = 0;
        int inReview = 0;
        for (List<String> ids : idsOf.values()) {
            if (ids.size() == 2) {
                duplicates++;
                UUID a = coreOf.get(ids.get(0));
                UUID b = coreOf.get(ids.get(1));
                merged += a.equals(b) ? 1 : 0;
                inReview += !a.equals(b) && reviewPairs.contains(a.toString() + b) ? 1 : 0;
            }
        }
        Long links = jdbc.queryForObject("SELECT count(*) FROM household_links WHERE tenant_id = ?", Long.class, tenant.id());
        System.out.printf("adversarial population %s: %d rows, false merges %d, re-sent people %d, merged %d,"
                + " in review %d, household links %d, counts %s%n", rows.get(0).externalId().substring(0, 1), rows.size(),
                falseMerges, duplicates, merged, inReview, links, run.get("counts"));
        return new Outcome(falseMerges, falselyMerged.toString(), duplicates, merged, inReview, run.get("counts"), coreOf);
    }

    @Test
    void peopleSharingACommonNameAndBirthDateButNothingElseNeverMerge() {
        List<Populations.Row> rows = Populations.commonNames(3000, 11);
        long sharing = rows.stream().filter(r -> !r.externalId().startsWith("A-R"))
                .map(r -> r.firstName() + r.lastName() + r.birthDate()).count()
                - rows.stream().filter(r -> !r.externalId().startsWith("A-R"))
                .map(r -> r.firstName() + r.lastName() + r.birthDate()).distinct().count();
        assertThat(sharing).as("the population really has namesakes born on one day").isGreaterThan(5);

        Outcome outcome = importAndJudge(rows);

        assertThat(outcome.falseMerges()).as(outcome.falselyMerged()).isZero();
        assertThat(outcome.duplicates()).isEqualTo(150);
        assertThat(outcome.duplicatesMerged()).isEqualTo(outcome.duplicates());
    }

    @Test
    void neighboursOnOneStreetWithOnePostcodeNeverMerge() {
        Outcome outcome = importAndJudge(Populations.oneStreet(3000, 12));

        assertThat(outcome.falseMerges()).as(outcome.falselyMerged()).isZero();
        assertThat(outcome.duplicatesMerged()).isEqualTo(outcome.duplicates()).isEqualTo(150);
    }

    @Test
    void householdsAndTwinsAreLinkedNotMergedAndResentPeopleAreStillFound() {
        List<Populations.Row> rows = Populations.households(400, 13);

        Outcome outcome = importAndJudge(rows);

        assertThat(outcome.falseMerges()).as(outcome.falselyMerged()).isZero();
        assertThat(outcome.duplicatesMerged()).isEqualTo(outcome.duplicates()).isGreaterThan(50);
        // Every two members of a household with other first names are linked (by their records).
        Set<String> links = new HashSet<>();
        jdbc.query("SELECT left_id, right_id FROM household_links WHERE tenant_id = ?", rs -> {
            links.add(rs.getString(1) + rs.getString(2));
            links.add(rs.getString(2) + rs.getString(1));
        }, tenant.id());
        Map<String, List<Populations.Row>> byHome = new HashMap<>();
        rows.stream().filter(r -> !r.externalId().startsWith("C-R"))
                .forEach(r -> byHome.computeIfAbsent(r.phone(), k -> new ArrayList<>()).add(r));
        int expected = 0;
        int missing = 0;
        for (List<Populations.Row> home : byHome.values()) {
            for (int i = 0; i < home.size(); i++) {
                for (int j = i + 1; j < home.size(); j++) {
                    if (!home.get(i).firstName().equals(home.get(j).firstName())) {
                        expected++;
                        UUID a = outcome.coreOf().get(home.get(i).externalId());
                        UUID b = outcome.coreOf().get(home.get(j).externalId());
                        missing += links.contains(a.toString() + b) ? 0 : 1;
                    }
                }
            }
        }
        assertThat(expected).isGreaterThan(500);
        assertThat(missing).isZero();
        JsonNode page = api.get("/api/v1/households?limit=5", tenant.adminKey()).json();
        assertThat(page.get("total").asLong()).isEqualTo(links.size() / 2);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("shared").toString()).contains("phone").doesNotContain("020");
        JsonNode ofOne = api.get("/api/v1/households?recordId=" + first.get("leftId").asText(), tenant.adminKey()).json();
        assertThat(ofOne.get("total").asLong()).isBetween(1L, 4L);
        ofOne.get("items").forEach(l -> assertThat(List.of(l.get("leftId").asText(), l.get("rightId").asText()))
                .contains(first.get("leftId").asText()));
        Api.Response bad = api.get("/api/v1/households?recordId=../etc", tenant.adminKey());
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("error").get("code").asText()).isEqualTo("invalid_record_id");
    }
}
