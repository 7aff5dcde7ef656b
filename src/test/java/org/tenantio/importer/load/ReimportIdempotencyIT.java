package org.tenantio.importer.load;

import static org.assertj.core.api.Assertions.assertThat;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * Issue 11 C against the real database: importing the same file again changes nothing — core,
 * change_log, merges, suggestions, quarantine — also when rows of the file auto-merged, and a
 * key repeated within a file is written once and reported on the run.
 */
class ReimportIdempotencyIT extends ApiIntegrationTest {

    /** Jon twice under two ids (the second auto-merges into the first), a bad row, and V-4 three times. */
    private static final String FILE = HEADER
            + "V-1,Jon,Smith,jon+events@gmail.com,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n"
            + "V-2,Jonathan,Smith,jon@gmail.com,07911 123456,1990-04-12,1 High St,London,,SW1A 1AA,GB\n"
            + "V-3,Ada,Lovelace,not-an-email,,1985-12-10,,,,,GB\n"
            + "V-4,Grace,Hopper,grace@example.org,,1976-12-09,,,,,GB\n"
            + "V-5,Alan,Turing,alan@example.org,,1962-06-23,,,,,GB\n"
            + "V-4,Grace,Hopper,grace.hopper@example.org,,1976-12-09,,,,,GB\n"
            + "V-4,Grace,Hopper,grace.hopper@example.org,,1976-12-09,,,,,GB\n";

    @Test
    void theSameFileTwiceAfterMergesAndWithAQuarantinedRowChangesNothing() {
        JsonNode first = api.importCsv("volunteers", tenant.adminKey(), FILE);
        assertThat(first.get("status").asText()).isEqualTo("completed");
        assertThat(count(first, "merged")).isEqualTo(1);
        assertThat(count(first, "quarantined")).isEqualTo(1);
        // V-4 three times: written once (inserted, with its last row's content), its two repeats reported
        assertThat(count(first, "inserted")).isEqualTo(3);
        assertThat(count(first, "unchanged")).isEqualTo(2);
        assertThat(first.get("repeatedKeys").asLong()).isEqualTo(2);
        String before = state(tenant.id());

        for (int i = 0; i < 3; i++) {
            JsonNode again = api.importCsv("volunteers", tenant.adminKey(), FILE);

            assertThat(again.get("status").asText()).isEqualTo("completed");
            assertThat(count(again, "unchanged")).as("every loadable row unchanged").isEqualTo(6);
            assertThat(count(again, "quarantined")).isEqualTo(1);
            assertThat(count(again, "inserted") + count(again, "updated") + count(again, "merged") + count(again, "review"))
                    .isZero();
            assertThat(state(tenant.id())).as("core, change_log, merges, suggestions, open violations").isEqualTo(before);
            UUID runId = UUID.fromString(again.get("id").asText());
            List<Map<String, Object>> repeats = jdbc.queryForList("""
                    SELECT r.status, o.run_id AS open_run, o.status AS open_status FROM dq_violations r
                      JOIN dq_violations o ON o.id = r.same_as WHERE r.tenant_id = ? AND r.run_id = ?""", tenant.id(), runId);
            assertThat(repeats).as("the new run points at the open violation").hasSize(1);
            assertThat(repeats.get(0)).containsEntry("status", "repeat").containsEntry("open_status", "open")
                    .containsEntry("open_run", UUID.fromString(first.get("id").asText()));
        }
    }

    @Test
    void aViolationFixedSinceIsOpenedAgainWhenTheSameBadRowArrives() {
        JsonNode first = api.importCsv("volunteers", tenant.adminKey(), FILE);
        jdbc.update("UPDATE dq_violations SET status = 'wont_fix' WHERE tenant_id = ? AND run_id = ?", tenant.id(),
                UUID.fromString(first.get("id").asText()));

        JsonNode again = api.importCsv("volunteers", tenant.adminKey(), FILE);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM dq_violations WHERE tenant_id = ? AND run_id = ? AND status = 'open'",
                Long.class, tenant.id(), UUID.fromString(again.get("id").asText()))).isEqualTo(1);
    }

    /**
     * Random files over a few keys, keys repeating within the file with changing content, some
     * rows invalid: every row has one outcome, repeats are reported, and the file imported again
     * is unchanged throughout and writes nothing. Files come from jqwik generators (sampled: the
     * Spring context is a JUnit extension, which jqwik's engine does not run).
     */
    @Test
    void randomFilesWithRepeatedKeysAddUpAndImportAgainUnchanged() {
        List<List<Person>> files = files().sampleStream().limit(12).toList();
        for (List<Person> people : files) {
            var t = tenants.create("idem");
            String csv = HEADER + String.join("", people.stream().map(Person::line).toList());
            JsonNode first = api.importCsv("volunteers", t.adminKey(), csv);
            long rows = people.size();
            long bad = people.stream().filter(p -> !p.valid()).count();
            long keys = people.stream().filter(Person::valid).map(Person::id).distinct().count();
            long repeats = rows - bad - keys;

            String what = "file " + csv;
            assertThat(first.get("status").asText()).as(what).isEqualTo("completed");
            long sum = 0;
            for (String o : List.of("inserted", "updated", "unchanged", "quarantined", "merged", "review")) {
                sum += count(first, o);
            }
            assertThat(sum).as(what).isEqualTo(rows);
            assertThat(count(first, "quarantined")).as(what).isEqualTo(bad);
            assertThat(first.path("repeatedKeys").asLong()).as(what).isEqualTo(repeats);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM external_id_map WHERE tenant_id = ?", Long.class, t.id()))
                    .as(what).isEqualTo(keys);
            String before = state(t.id());

            JsonNode again = api.importCsv("volunteers", t.adminKey(), csv);

            assertThat(count(again, "unchanged")).as(what).isEqualTo(rows - bad);
            assertThat(count(again, "quarantined")).as(what).isEqualTo(bad);
            assertThat(state(t.id())).as(what).isEqualTo(before);
        }
    }

    record Person(int id, int variant, boolean valid) {
        String line() {
            String email = valid ? "p" + id + ".v" + variant + "@example.org" : "broken-" + id;
            return "K-" + id + ",Name" + (char) ('a' + id) + ",Family" + (char) ('a' + id) + "," + email + ",,19"
                    + (50 + id) + "-0" + (1 + variant) + "-1" + id % 10 + ",,,,,GB\n";
        }
    }

    private static Arbitrary<List<Person>> files() {
        Arbitrary<Person> person = Combinators.combine(Arbitraries.integers().between(0, 5), Arbitraries.integers().between(0, 2),
                Arbitraries.integers().between(0, 9).map(n -> n > 0)).as(Person::new);
        return person.list().ofMinSize(1).ofMaxSize(25);
    }

    private static long count(JsonNode run, String outcome) {
        return run.get("counts").path(outcome).asLong();
    }

    /** Everything an import may change, as text: equal before and after means nothing changed. */
    private String state(UUID tenantId) {
        List<String> parts = new ArrayList<>();
        parts.add(jdbc.queryForObject("""
                SELECT COALESCE(string_agg(id || ':' || attributes::text || ':' || content_hash || ':' || COALESCE(merged_into::text, '')
                       || ':' || COALESCE(updated_at::text, ''), E'\\n' ORDER BY id), '') FROM core_records WHERE tenant_id = ?""",
                String.class, tenantId));
        parts.add(jdbc.queryForObject("""
                SELECT COALESCE(string_agg(external_system || ':' || external_id || '>' || core_id, E'\\n'
                       ORDER BY external_system, external_id), '') FROM external_id_map WHERE tenant_id = ?""",
                String.class, tenantId));
        for (String table : List.of("change_log", "merge_log", "dedupe_suggestions", "match_keys")) {
            parts.add(table + "=" + jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE tenant_id = ?", Long.class,
                    tenantId));
        }
        parts.add("open=" + jdbc.queryForObject("SELECT count(*) FROM dq_violations WHERE tenant_id = ? AND status = 'open'",
                Long.class, tenantId));
        return String.join("\n", parts);
    }
}
