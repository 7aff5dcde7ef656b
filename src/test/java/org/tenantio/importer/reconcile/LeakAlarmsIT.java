package org.tenantio.importer.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.ApiIntegrationTest;

/**
 * Reconciliation on every run, and the leak alarms: each spike planted in a file fires its own
 * alarm and no other, against a history of ordinary runs of the same pipeline.
 */
class LeakAlarmsIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    private static final String MAPPING = """
            {"entity":"person","externalSystem":"roster","externalIdField":"id",
             "columns":[{"source":"id"},{"source":"first","field":"first_name","required":true},
                        {"source":"last","field":"last_name","required":true},{"source":"email"},{"source":"city"},
                        {"source":"updated","field":"source_updated_at"}]}""";

    @Autowired
    PipelineRepository pipelines;

    private int next = 0;

    private void pipeline(String code, Map<String, Object> extra) {
        Map<String, Object> options = new java.util.HashMap<>(Map.of("defaultPhoneRegion", "GB", "matching", "off"));
        options.putAll(extra);
        java.util.UUID id = pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), code, code, "import", List.of("csv"),
                "person", null, "active", options), "test", "test set-up");
        jdbc.update("UPDATE pipelines SET mapping_inline = ?::jsonb WHERE id = ?", MAPPING, id);
    }

    /** Rows of distinct people; badEmails of them quarantined, citiesBlank without a city, updated that long ago. */
    private String file(int rows, int badEmails, boolean citiesBlank, java.time.Duration age) {
        StringBuilder csv = new StringBuilder("id,first,last,email,city,updated\n");
        String updated = OffsetDateTime.now(ZoneOffset.UTC).minus(age).withNano(0).toString();
        for (int i = 0; i < rows; i++) {
            int n = next++;
            csv.append("R-").append(n).append(",Person").append(n).append(",Roster").append(n).append(',')
                    .append(i < badEmails ? "broken-address" : "p" + n + "@example.org").append(',')
                    .append(citiesBlank ? "" : "Leeds").append(',').append(updated).append('\n');
        }
        return csv.toString();
    }

    private JsonNode run(String pipeline, String csv) {
        JsonNode run = api.importCsv(pipeline, tenant.adminKey(), csv);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        return run;
    }

    private static List<String> alarms(JsonNode run) {
        List<String> codes = new ArrayList<>();
        run.path("anomalies").forEach(a -> codes.add(a.get("code").asText()));
        return codes;
    }

    @Test
    void everyRunBalancesItsBooksChecksHashParityAndReportsFreshness() {
        pipeline("books", Map.of());
        JsonNode run = run("books", file(30, 4, false, java.time.Duration.ofHours(2)));

        JsonNode books = api.get("/api/v1/runs/" + run.get("id").asText(), tenant.adminKey()).json().get("reconciliation");
        assertThat(books.get("rowsRead").asLong()).isEqualTo(30);
        assertThat(books.get("outcomesRecorded").asLong()).isEqualTo(30);
        assertThat(books.get("rowsInStaging").asLong()).isEqualTo(30);
        assertThat(books.get("rowsExpectedInCore").asLong()).isEqualTo(26);
        assertThat(books.get("rowsLanded").asLong()).isEqualTo(26);
        assertThat(books.get("balanced").asBoolean()).isTrue();
        assertThat(books.at("/hashParity/sampled").asInt()).isEqualTo(26);
        assertThat(books.at("/hashParity/matched").asInt()).isEqualTo(26);
        assertThat(books.at("/freshness/available").asBoolean()).isTrue();
        assertThat(books.at("/freshness/lagSeconds").asLong()).isBetween(7200L, 7200L + 600);
        assertThat(books.at("/topRules/0/ruleCode").asText()).isEqualTo("FMT-101");
        assertThat(books.at("/topRules/0/rows").asInt()).isEqualTo(4);
    }

    @Test
    void aCoreRecordChangedBehindTheLoadsBackFailsHashParity() {
        pipeline("tamper", Map.of());
        run("tamper", file(10, 0, false, java.time.Duration.ofHours(1)));
        // A record altered outside the importer (its lineage still points at the run's row).
        jdbc.update("UPDATE core_records SET attributes = attributes || '{\"city\":\"Hull\"}' WHERE tenant_id = ?"
                + " AND attributes->>'first_name' = 'Person0'", tenant.id());
        String runId = jdbc.queryForObject("SELECT id::text FROM runs WHERE tenant_id = ? ORDER BY created_at DESC LIMIT 1",
                String.class, tenant.id());
        Reconciliation reconciliation = new Reconciliation(jdbc, java.time.Clock.systemUTC());
        reconciliation.personalData(personal);
        Map<String, Object> books = reconciliation
                .of(tenant.id(), java.util.UUID.fromString(runId), Map.of("read", 10, "inserted", 10), true);
        Map<?, ?> parity = (Map<?, ?>) books.get("hashParity");
        assertThat(parity.get("matched")).isEqualTo(9);
        assertThat(parity.get("mismatchedRows")).isEqualTo(List.of(1L));
    }

    @Test
    void eachPlantedSpikeFiresExactlyItsAlarm() {
        pipeline("roster", Map.of());
        for (int i = 0; i < 5; i++) {
            assertThat(alarms(run("roster", file(20, 0, false, java.time.Duration.ofHours(1))))).isEmpty();
        }
        assertThat(alarms(run("roster", file(20, 1, false, java.time.Duration.ofHours(1))))).as("an ordinary run").isEmpty();

        JsonNode rejects = run("roster", file(20, 8, false, java.time.Duration.ofHours(1)));
        assertThat(alarms(rejects)).containsExactly(LeakAlarms.REJECT_RATE);
        assertThat(rejects.at("/anomalies/0/severity").asText()).isEqualTo("page");

        JsonNode nulls = run("roster", file(20, 0, true, java.time.Duration.ofHours(1)));
        assertThat(alarms(nulls)).containsExactly(LeakAlarms.NULL_DRIFT);
        assertThat(nulls.at("/anomalies/0/field").asText()).isEqualTo("city");

        assertThat(alarms(run("roster", file(200, 0, false, java.time.Duration.ofHours(1))))).containsExactly(LeakAlarms.DELTA);

        JsonNode stale = run("roster", file(20, 0, false, java.time.Duration.ofHours(30)));
        assertThat(alarms(stale)).containsExactly(LeakAlarms.FRESHNESS);
        assertThat(stale.at("/anomalies/0/severity").asText()).isEqualTo("page");
        assertThat(alarms(run("roster", file(20, 0, false, java.time.Duration.ofHours(13))))).containsExactly(LeakAlarms.FRESHNESS);
    }

    @Test
    void aPipelineSetsItsOwnThresholdsAndSwitchesAlarmsOff() {
        pipeline("lenient", Map.of("alarms", Map.of("freshnessWarnHours", 48, "freshnessPageHours", 72, "off", List.of("reject_rate"))));
        JsonNode run = run("lenient", file(10, 6, false, java.time.Duration.ofHours(30)));
        assertThat(alarms(run)).isEmpty();
        assertThat(AlarmThresholds.of(Map.of()).freshnessWarnHours()).isEqualTo(12);
        assertThat(AlarmThresholds.of(Map.of("alarms", Map.of("deltaSigma", "x"))).deltaSigma()).isEqualTo(3);
    }
}
