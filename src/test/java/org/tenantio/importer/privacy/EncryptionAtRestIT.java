package org.tenantio.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;

/**
 * Encryption at rest (issue 14 point 5): after imports that insert, update, quarantine and merge,
 * no sensitive value of the person is readable in any table with plain JDBC, while the API (records,
 * search by email, quarantine, history, exports) gives the plain values back.
 */
class EncryptionAtRestIT extends ApiIntegrationTest {

    static final String HEADER = IdentityFixtures.HEADER;
    static final String WREN = "ENC-1,Wren,Halloway,wren.halloway@example.org,07911 123456,1979-03-22,42 Quillon Street,Leeds,,LQ4 7WX,GB";
    /** The sensitive values of Wren as the file gives them and as the service normalises them. */
    static final List<String> SENSITIVE = List.of("wren.halloway", "wren.h2", "07911 123456", "7911123456",
            "1979-03-22", "Quillon", "LQ4 7WX", "LQ47WX", "bad-wren-mail");

    private JsonNode importCsv(String... rows) {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), HEADER + String.join("\n", rows) + "\n");
        assertThat(run.get("status").asText()).isEqualTo("completed");
        ConsentIT.assertCountsAddUp(run.get("counts"));
        return run;
    }

    @Test
    void noSensitiveValueIsReadableInAnyTableWhileTheApiReadsThemPlain() {
        JsonNode first = importCsv(WREN);
        assertThat(first.get("counts").get("inserted").asLong()).as(first.get("counts").toString()
                + jdbc.queryForList("SELECT rule_code, field FROM dq_violations WHERE tenant_id = ?", tenant.id())).isEqualTo(1);
        // An update (a change_log before-image), a quarantined row (raw, quarantine value), a merge (merge_log).
        JsonNode second = importCsv(WREN.replace("wren.halloway@", "wren.h2@"),
                "ENC-2,Wren,Halloway,bad-wren-mail,07911 123456,1979-03-22,42 Quillon Street,Leeds,,LQ4 7WX,GB");
        JsonNode third = importCsv("ENC-3,Wren,Halloway,wren.h2@example.org,,1979-03-22,,Leeds,,LQ4 7WX,GB");
        assertThat(third.get("counts").get("merged").asLong()).as(third.get("counts").toString() + jdbc.queryForList("SELECT m.external_id, c.attributes::text, (SELECT count(*) FROM match_keys k WHERE k.core_id = c.id) FROM core_records c JOIN external_id_map m ON m.core_id = c.id WHERE c.tenant_id = ?", tenant.id())).isEqualTo(1);

        assertThat(plaintextHits()).isEmpty();
        // The values are there, sealed under the current key, with a key id per value.
        String attributes = jdbc.queryForObject("""
                SELECT c.attributes::text FROM core_records c JOIN external_id_map m ON m.core_id = c.id
                 WHERE c.tenant_id = ? AND m.external_id = 'ENC-1'""", String.class, tenant.id());
        assertThat(attributes).contains("\"email\": \"enc:v1:").contains("\"first_name\": \"Wren\"");

        // The API reads them plain: search by email, the record, its history, the quarantine.
        JsonNode found = api.get("/api/v1/records/person?email=WREN.H2@example.org", tenant.adminKey()).json();
        assertThat(found.get("items")).hasSize(1);
        JsonNode wren = found.get("items").get(0);
        assertThat(wren.get("attributes").get("email").asText()).isEqualTo("wren.h2@example.org");
        assertThat(wren.get("attributes").get("date_of_birth").asText()).isEqualTo("1979-03-22");
        assertThat(wren.get("attributes").get("street").asText()).isEqualTo("42 Quillon Street");
        assertThat(wren.get("attributes").toString()).doesNotContain("enc:v1:").doesNotContain("#h");
        String history = api.get("/api/v1/records/person/" + wren.get("id").asText() + "/history", tenant.adminKey()).body();
        assertThat(history).contains("+447911123456").doesNotContain("enc:v1:");
        JsonNode violation = api.get("/api/v1/violations?runId=" + second.get("id").asText() + "&ruleCode=FMT-101",
                tenant.adminKey()).json().get("items").get(0);
        assertThat(violation.get("value").asText()).isEqualTo("bad-wren-mail");
        String detail = api.get("/api/v1/violations/" + violation.get("id").asLong(), tenant.adminKey()).body();
        assertThat(detail).contains("bad-wren-mail").contains("42 Quillon Street").doesNotContain("enc:v1:");
        assertThat(api.get("/api/v1/records/person?email=nobody@example.org", tenant.adminKey()).json().get("items")).isEmpty();
    }

    /**
     * Every text, json and jsonb column of every table (found in information_schema, so tables
     * added later are covered), in this tenant's rows, searched for each sensitive value with plain
     * SQL: "table.column: value" per hit.
     */
    private List<String> plaintextHits() {
        List<Map<String, Object>> columns = jdbc.queryForList("""
                SELECT table_name, column_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND data_type IN ('text', 'json', 'jsonb', 'character varying')
                 ORDER BY table_name, column_name""");
        Set<String> tenantTables = new HashSet<>(jdbc.queryForList("""
                SELECT table_name FROM information_schema.columns
                 WHERE table_schema = 'public' AND column_name = 'tenant_id'""", String.class));
        assertThat(columns).extracting(c -> c.get("table_name")).contains("staging_rows", "dq_violations", "change_log",
                "merge_log", "core_records", "dedupe_suggestions", "match_keys");
        List<String> hits = new ArrayList<>();
        Set<String> searched = new HashSet<>();
        for (Map<String, Object> c : columns) {
            String table = (String) c.get("table_name");
            String column = (String) c.get("column_name");
            if (!tenantTables.contains(table)) {
                continue; // holds no tenant's rows
            }
            searched.add(table);
            for (String value : SENSITIVE) {
                Long n = jdbc.queryForObject("SELECT count(*) FROM \"" + table + "\" WHERE strpos(lower(\"" + column
                        + "\"::text), lower(?)) > 0 AND tenant_id = ?", Long.class, value, tenant.id());
                if (n != null && n > 0) {
                    hits.add(table + "." + column + ": " + value);
                }
            }
        }
        // Rows of this tenant were written to each of these: the search above read real rows.
        for (String table : List.of("staging_rows", "dq_violations", "change_log", "merge_log", "core_records")) {
            assertThat(searched).contains(table);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM " + table + " WHERE tenant_id = ?", Long.class,
                    tenant.id())).as(table).isPositive();
        }
        return hits;
    }
}
