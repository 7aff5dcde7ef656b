package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;

/** Identity resolution during imports: the same person from two files ends as one core person. */
class IdentityResolutionIT extends ApiIntegrationTest {

    static final String JON = "V-1,Jon,Smith,jon+events@gmail.com,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n";

    private JsonNode upload(String csv) {
        return api.importCsv("volunteers", tenant.adminKey(), HEADER + csv);
    }

    private static long count(JsonNode run, String outcome) {
        return run.get("counts").get(outcome).asLong();
    }

    @Test
    void theSameEmailNameAndBirthDateMergeIntoOnePersonWithBothExternalIds() {
        upload(JON);

        JsonNode second = upload("C-9,Jonathan,Smith,jon@gmail.com,,1990-04-12,,,,,GB\n");

        assertThat(count(second, "merged")).isEqualTo(1);
        assertThat(count(second, "inserted")).isZero();
        assertThat(count(second, "read")).isEqualTo(1);
        List<JsonNode> persons = IdentityFixtures.persons(api, tenant.adminKey());
        assertThat(persons).hasSize(1);
        assertThat(IdentityFixtures.externalIds(persons.get(0))).containsExactlyInAnyOrder("volunteers:V-1", "volunteers:C-9");
        assertThat(persons.get(0).get("attributes").get("phone").asText()).isEqualTo("+447911123456");
        assertThat(persons.get(0).get("attributes").get("emails")).hasSize(2);
    }

    @Test
    void duplicatesWithinOneFileMergeToo() {
        JsonNode run = upload(JON + "V-2,Jonathan,Smith,,07911 123456,1990-04-12,1 High St,London,,SW1A 1AA,GB\n");

        assertThat(count(run, "inserted")).isEqualTo(1);
        assertThat(count(run, "merged")).isEqualTo(1);
        assertThat(IdentityFixtures.persons(api, tenant.adminKey())).hasSize(1);
    }

    @Test
    void aLikelyButUncertainMatchIsLoadedAndSuggestedForReviewWithItsReasons() {
        upload(JON);

        // Same name and postcode, no birth date, another mailbox: likely, not certain.
        JsonNode run = upload("B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n");

        assertThat(count(run, "review")).isEqualTo(1);
        assertThat(IdentityFixtures.persons(api, tenant.adminKey())).hasSize(2);
        JsonNode page = api.get("/api/v1/duplicates?status=pending", tenant.adminKey()).json();
        assertThat(page.get("total").asLong()).isEqualTo(1);
        JsonNode suggestion = page.get("items").get(0);
        assertThat(suggestion.get("score").asDouble()).isBetween(0.80, 0.95);
        assertThat(suggestion.get("left").get("attributes").get("first_name").asText()).isEqualTo("Jon");
        assertThat(suggestion.get("features").findValuesAsText("feature")).contains("email", "first_name", "postal_code");
        assertThat(suggestion.get("features").get(0).has("weight")).isTrue();
    }

    @Test
    void aSharedHouseholdEmailAloneNeverMerges() {
        upload(JON);

        // Same mailbox, same address, same surname: a household, not the same person.
        JsonNode run = upload("V-3,Mary,Smith,jon+events@gmail.com,,,1 High Street,London,,SW1A 1AA,GB\n");

        assertThat(count(run, "merged")).isZero();
        assertThat(count(run, "inserted") + count(run, "review")).isEqualTo(1);
        assertThat(IdentityFixtures.persons(api, tenant.adminKey())).hasSize(2);
    }

    @Test
    void aCommonNameAloneIsNotEnoughToMerge() {
        upload("A-1,John,Smith,john.smith@example.org,,,,,,,GB\n");

        JsonNode run = upload("A-2,John,Smith,,07911 123999,,,,,,GB\n");

        assertThat(count(run, "merged")).isZero();
        assertThat(IdentityFixtures.persons(api, tenant.adminKey())).hasSize(2);
    }

    @Test
    void reimportingAfterAMergeResolvesToTheSurvivor() {
        upload(JON);
        upload("C-9,Jonathan,Smith,jon@gmail.com,,1990-04-12,,,,,GB\n");
        String survivor = IdentityFixtures.persons(api, tenant.adminKey()).get(0).get("id").asText();

        JsonNode again = upload("C-9,Jonathan,Smith,jon@gmail.com,,1990-04-12,,,,,GB\n");
        JsonNode first = upload(JON);

        assertThat(count(again, "inserted") + count(again, "merged") + count(again, "review")).isZero();
        assertThat(count(again, "unchanged")).isEqualTo(1);
        assertThat(count(first, "inserted") + count(first, "merged") + count(first, "review")).isZero();
        List<JsonNode> persons = IdentityFixtures.persons(api, tenant.adminKey());
        assertThat(persons).hasSize(1);
        assertThat(persons.get(0).get("id").asText()).isEqualTo(survivor);
    }

    @Test
    void rollingBackARunUndoesItsMergesExactly() {
        upload(JON);
        String before = fixtures().snapshot(tenant.id());
        JsonNode merging = upload("C-9,Jonathan,Smith,jon@gmail.com,,1990-04-12,,,,,GB\n"
                + "B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n");
        assertThat(count(merging, "merged")).isEqualTo(1);

        JsonNode rolledBack = api.send("POST", "/api/v1/runs/" + merging.get("id").asText() + "/rollback",
                tenant.adminKey(), "").json();

        assertThat(rolledBack.get("status").asText()).isEqualTo("rolled_back");
        assertThat(fixtures().snapshot(tenant.id())).isEqualTo(before);
        assertThat(api.get("/api/v1/duplicates", tenant.adminKey()).json().get("total").asLong()).isZero();
    }

    private String frequencies() {
        return jdbc.queryForObject("""
                SELECT COALESCE((SELECT string_agg(field || ':' || value_hash || '=' || records, ',' ORDER BY field, value_hash)
                                   FROM term_frequencies WHERE tenant_id = ?), '')
                    || '|' || COALESCE((SELECT string_agg(field || '=' || records, ',' ORDER BY field)
                                   FROM term_frequency_totals WHERE tenant_id = ?), '')""",
                String.class, tenant.id(), tenant.id());
    }

    @Test
    void rollingBackARunTakesItsNewRecordsOutOfTheNameFrequencies() {
        JsonNode first = upload(JON + "V-2,Mary,Jones,mary@example.org,07911 654321,1985-02-01,2 Mill Lane,Leeds,,LS1 1AA,GB\n");
        String before = frequencies();
        // a new Smith, a new name, and rows of Jon that merge into him (not counted)
        JsonNode second = upload("N-1,Anna,Smith,anna@example.org,07911 223344,1979-03-03,5 Quay Road,Bristol,,BS1 1AA,GB\n"
                + "N-2,Zebedee,Quirke,zq@example.org,07911 556677,1961-06-06,6 Quay Road,Bristol,,BS1 1AA,GB\n"
                + "C-9,Jonathan,Smith,jon@gmail.com,,1990-04-12,,,,,GB\n"
                + "B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n");
        assertThat(count(second, "inserted") + count(second, "review")).as("new records counted").isGreaterThanOrEqualTo(2);
        assertThat(count(second, "merged")).as("merged rows, not counted").isGreaterThanOrEqualTo(1);
        assertThat(frequencies()).isNotEqualTo(before);

        JsonNode rolledBack = api.send("POST", "/api/v1/runs/" + second.get("id").asText() + "/rollback",
                tenant.adminKey(), "").json();

        assertThat(rolledBack.get("status").asText()).isEqualTo("rolled_back");
        assertThat(frequencies()).isEqualTo(before);
        api.send("POST", "/api/v1/runs/" + first.get("id").asText() + "/rollback", tenant.adminKey(), "");
        assertThat(frequencies()).as("no value left, totals back to zero").isEqualTo("|first_name=0,last_name=0");
    }

    @org.springframework.beans.factory.annotation.Autowired
    IdentityFixtures identityFixtures;

    private IdentityFixtures fixtures() {
        return identityFixtures;
    }
}
