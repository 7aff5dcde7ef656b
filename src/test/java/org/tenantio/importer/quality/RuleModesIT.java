package org.tenantio.importer.quality;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/** Rules declared in the person contract, with modes a pipeline can change (audited), and run-level drift. */
class RuleModesIT extends ApiIntegrationTest {

    private Api.Response setMode(String rule, String body, String key) {
        return api.send("PUT", "/api/v1/pipelines/volunteers/rules/" + rule, key, body);
    }

    private JsonNode sample() throws IOException {
        return api.importCsv("volunteers", tenant.adminKey(), Files.readString(Path.of("docs/samples/volunteers.csv")));
    }

    @Test
    void thePipelineListsTheContractsRulesWithTheirModes() {
        JsonNode rules = api.get("/api/v1/pipelines/volunteers/rules", tenant.adminKey()).json().get("items");

        Map<String, JsonNode> byCode = new HashMap<>();
        rules.forEach(r -> byCode.put(r.get("code").asText(), r));
        assertThat(byCode).containsKeys("REQ-001", "FMT-101", "FMT-102", "DOM-201", "SET-501");
        assertThat(byCode.get("FMT-102").get("mode").asText()).isEqualTo("enforce");
        assertThat(byCode.get("FMT-102").get("category").asText()).isEqualTo("format");
        assertThat(byCode.get("SET-501").get("severity").asText()).isEqualTo("warn");
    }

    @Test
    void inWarnModeTheViolationIsRecordedAndTheRowLoads() throws IOException {
        Api.Response changed = setMode("FMT-102", "{\"mode\": \"warn\"}", tenant.adminKey());

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        JsonNode run = sample();
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(7);
        assertThat(run.get("counts").get("quarantined").asLong()).isEqualTo(3);
        JsonNode phones = api.get("/api/v1/violations?ruleCode=FMT-102&runId=" + run.get("id").asText(), tenant.adminKey()).json();
        assertThat(phones.get("total").asLong()).isEqualTo(2);
        phones.get("items").forEach(v -> {
            assertThat(v.get("severity").asText()).isEqualTo("warn");
            assertThat(v.get("category").asText()).isEqualTo("format");
        });
        Map<String, Object> audit = jdbc.queryForMap("""
                SELECT before ->> 'mode' AS before, after ->> 'mode' AS after FROM audit_log
                 WHERE tenant_id = ? AND action = 'pipeline.rule_mode_changed'""", tenant.id());
        assertThat(audit).containsEntry("before", "enforce").containsEntry("after", "warn");
    }

    @Test
    void offModeDropsTheRuleAndEnforceBringsItBack() throws IOException {
        setMode("DOM-201", "{\"mode\": \"off\"}", tenant.adminKey());
        JsonNode off = sample();
        setMode("DOM-201", "{\"mode\": \"enforce\"}", tenant.adminKey());
        JsonNode on = api.importCsv("volunteers", tenant.adminKey(),
                "external_id,first_name,last_name,email,date_of_birth\nZ-1,Zed,Future,zed@example.org,2091-01-01\n");

        assertThat(off.get("counts").get("quarantined").asLong()).isEqualTo(4);
        assertThat(api.get("/api/v1/violations?ruleCode=DOM-201&runId=" + off.get("id").asText(), tenant.adminKey()).json()
                .get("total").asLong()).isZero();
        assertThat(on.get("counts").get("quarantined").asLong()).isEqualTo(1);
    }

    @Test
    void badModeChangesAreRefused() {
        assertThat(setMode("FMT-102", "{\"mode\": \"sometimes\"}", tenant.adminKey()).status()).isEqualTo(400);
        assertThat(setMode("PARSE-001", "{\"mode\": \"off\"}", tenant.adminKey()).status()).isEqualTo(400);
        assertThat(setMode("XYZ-999", "{\"mode\": \"off\"}", tenant.adminKey()).status()).isEqualTo(404);
        assertThat(setMode("FMT-102", "{\"mode\": \"off\"}", tenant.viewerKey()).status()).isEqualTo(403);
    }

    @Test
    void aFieldThatSuddenlyGoesMissingIsFlaggedAgainstRecentRuns() {
        for (int run = 0; run < 3; run++) {
            assertThat(api.importCsv("volunteers", tenant.adminKey(), people(run, 20, 0)).get("warnings")).isEmpty();
        }

        JsonNode drifted = api.importCsv("volunteers", tenant.adminKey(), people(3, 20, 12));

        assertThat(drifted.get("status").asText()).isEqualTo("completed");
        List<String> fields = drifted.get("warnings").findValuesAsText("field");
        assertThat(fields).containsExactly("city");
        JsonNode warning = drifted.get("warnings").get(0);
        assertThat(warning.get("ruleCode").asText()).isEqualTo("SET-501");
        assertThat(warning.get("nullRate").asDouble()).isEqualTo(0.6);
        assertThat(warning.get("trailingAverage").asDouble()).isZero();
    }

    /** Rows with every field filled except city in the first {@code withoutCity} rows. */
    private static String people(int batch, int rows, int withoutCity) {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email,city\n");
        for (int i = 0; i < rows; i++) {
            csv.append("N-").append(batch).append('-').append(i).append(",Ada,Lovelace,a").append(batch).append(i)
                    .append("@example.org,").append(i < withoutCity ? "" : "London").append('\n');
        }
        return csv.toString();
    }
}
