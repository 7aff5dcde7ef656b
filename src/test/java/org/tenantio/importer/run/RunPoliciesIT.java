package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.system.ImporterProperties;

/** Dry runs, failure policies, and rolling back completed runs. */
class RunPoliciesIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    static final String HEADER = "external_id,first_name,last_name,email\n";

    @Autowired
    PipelineRepository pipelines;
    @Autowired
    ImporterProperties properties;

    private void pipeline(String code, Map<String, Object> options) {
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), code, code, "import", List.of("csv"), "person",
                "shared/volunteers.yaml", "active", options), "test", "test");
    }

    private long core() {
        return jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id());
    }

    private String email(String externalId) {
        return personal.openValue(jdbc.queryForObject("""
                SELECT c.attributes ->> 'email' FROM external_id_map m JOIN core_records c ON c.id = m.core_id
                 WHERE m.tenant_id = ? AND m.external_id = ?""", String.class, tenant.id(), externalId));
    }

    private JsonNode dryRun(String csv) {
        Api.Response r = api.postCsv("/api/v1/pipelines/volunteers/runs?dryRun=true", tenant.adminKey(), csv);
        return api.awaitRun(r.json().get("id").asText(), tenant.adminKey());
    }

    @Test
    void aDryRunReportsWouldBeOutcomesAndWritesNothingToTheCore() throws IOException {
        String sample = Files.readString(Path.of("docs/samples/volunteers.csv"));

        JsonNode dry = dryRun(sample);

        assertThat(dry.get("dryRun").asBoolean()).isTrue();
        assertThat(dry.get("writesPerformed").asBoolean()).isFalse();
        assertThat(dry.get("counts").get("inserted").asLong()).isEqualTo(5);
        assertThat(dry.get("counts").get("quarantined").asLong()).isEqualTo(5);
        assertThat(core()).isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM change_log WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
        assertThat(api.get("/api/v1/runs/" + dry.get("id").asText() + "/violations", tenant.adminKey()).json()
                .get("total").asLong()).isEqualTo(5);

        api.importCsv("volunteers", tenant.adminKey(), HEADER + "D-1,Ada,Lovelace,ada@example.org\n");
        JsonNode wouldUpdate = dryRun(HEADER + "D-1,Ada,Lovelace,ada.king@example.org\n");
        assertThat(wouldUpdate.get("counts").get("updated").asLong()).isEqualTo(1);
        assertThat(email("D-1")).isEqualTo("ada@example.org");
    }

    @Test
    void aPipelineCanMakeDryRunTheDefault() {
        pipeline("rehearsal", Map.of("dryRun", true));

        JsonNode run = api.importCsv("rehearsal", tenant.adminKey(), HEADER + "R-1,Ada,Lovelace,ada@example.org\n");

        assertThat(run.get("dryRun").asBoolean()).isTrue();
        assertThat(core()).isZero();
    }

    @Test
    void failRunStopsAtTheFirstBadRowAndRollsBackEarlierChunks() {
        pipeline("strict", Map.of("onError", "failRun"));
        StringBuilder csv = new StringBuilder(HEADER);
        for (int i = 0; i < properties.chunkSize() + 10; i++) {
            csv.append("S-").append(i).append(",Ada,Lovelace,").append(i == properties.chunkSize() + 5 ? "broken" : "a" + i + "@example.org")
                    .append('\n');
        }

        JsonNode run = api.importCsv("strict", tenant.adminKey(), csv.toString());

        assertThat(run.get("status").asText()).isEqualTo("rolled_back");
        assertThat(run.get("error").get("code").asText()).isEqualTo("row_rejected");
        assertThat(run.get("error").get("message").asText()).contains("Row " + (properties.chunkSize() + 6)).contains("FMT-101");
        assertThat(run.get("rollback").get("reverted").asLong()).isEqualTo(properties.chunkSize());
        assertThat(core()).isZero();
    }

    @Test
    void crossingMaxErrorRateFailsTheRunAndRollsItBack() throws IOException {
        pipeline("picky", Map.of("maxErrorRate", 0.1));

        JsonNode run = api.importCsv("picky", tenant.adminKey(), Files.readString(Path.of("docs/samples/volunteers.csv")));

        assertThat(run.get("status").asText()).isEqualTo("rolled_back");
        assertThat(run.get("error").get("code").asText()).isEqualTo("error_rate_exceeded");
        assertThat(run.get("error").get("message").asText()).contains("5 of 10 rows (50.0%)").contains("at most 10.0%");
        assertThat(core()).isZero();

        pipeline("tolerant", Map.of("maxErrorRate", 0.5));
        assertThat(api.importCsv("tolerant", tenant.adminKey(), Files.readString(Path.of("docs/samples/volunteers.csv")))
                .get("status").asText()).isEqualTo("completed");
    }

    @Test
    void aCompletedRunRollsBackExactlyAndLeavesLaterChangesAloneAsConflicts() {
        JsonNode first = api.importCsv("volunteers", tenant.adminKey(),
                HEADER + "K-1,Ada,Lovelace,ada@example.org\nK-2,Alan,Turing,alan@example.org\n");
        String k1AfterFirst = image("K-1");
        JsonNode second = api.importCsv("volunteers", tenant.adminKey(),
                HEADER + "K-1,Ada,Lovelace,ada.king@example.org\nK-3,Grace,Hopper,grace@example.org\n");
        api.importCsv("volunteers", tenant.adminKey(), HEADER + "K-2,Alan,Turing,alan.turing@example.org\n");

        Api.Response undo = api.postCsv("/api/v1/runs/" + second.get("id").asText() + "/rollback", tenant.adminKey(), "");

        assertThat(undo.status()).as(undo.body()).isEqualTo(200);
        assertThat(undo.json().get("status").asText()).isEqualTo("rolled_back");
        assertThat(undo.json().get("rollback").get("reverted").asLong()).isEqualTo(2);
        assertThat(email("K-1")).isEqualTo("ada@example.org");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM external_id_map WHERE tenant_id = ? AND external_id = 'K-3'",
                Long.class, tenant.id())).isZero();
        assertThat(jdbc.queryForObject("""
                SELECT x_run_id::text FROM core_records c JOIN external_id_map m ON m.core_id = c.id
                 WHERE m.tenant_id = ? AND m.external_id = 'K-1'""", String.class, tenant.id()))
                .isEqualTo(first.get("id").asText());
        assertThat(image("K-1")).isEqualTo(k1AfterFirst); // attributes, hash, lineage and times exactly as before

        JsonNode firstUndone = api.postCsv("/api/v1/runs/" + first.get("id").asText() + "/rollback", tenant.adminKey(), "").json();
        assertThat(firstUndone.get("rollback").get("reverted").asLong()).isEqualTo(1);
        assertThat(firstUndone.get("rollback").get("conflicts")).hasSize(1);
        assertThat(email("K-2")).isEqualTo("alan.turing@example.org");
        assertThat(core()).isEqualTo(1);

        String again = api.postCsv("/api/v1/runs/" + first.get("id").asText() + "/rollback", tenant.adminKey(), "").body();
        assertThat(core()).isEqualTo(1);
        assertThat(again).contains("\"status\":\"rolled_back\"");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'run.rolled_back'",
                Long.class, tenant.id())).isEqualTo(2);
    }

    /** Everything stored about a record but its id. */
    private String image(String externalId) {
        return jdbc.queryForObject("""
                SELECT jsonb_build_array(c.attributes, c.content_hash, c.x_run_id, c.x_row_number, c.x_source_file,
                                         c.x_pipeline_id, c.updated_at, c.x_ingested_at, c.created_at)::text
                  FROM core_records c JOIN external_id_map m ON m.core_id = c.id
                 WHERE m.tenant_id = ? AND m.external_id = ?""", String.class, tenant.id(), externalId);
    }

    @Test
    void onlyCompletedRunsRollBackAndOnlyStewardsOrAdminsMayAsk() {
        JsonNode failed = api.importCsv("volunteers", tenant.adminKey(), "first_name\nAda\n");

        Api.Response refused = api.postCsv("/api/v1/runs/" + failed.get("id").asText() + "/rollback", tenant.adminKey(), "");
        Api.Response viewer = api.postCsv("/api/v1/runs/" + failed.get("id").asText() + "/rollback", tenant.viewerKey(), "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").get("code").asText()).isEqualTo("run_not_completed");
        assertThat(viewer.status()).isEqualTo(403);
    }
}
