package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.intake.ArchivedFile;
import org.tenantio.importer.importing.ImportRun;
import org.tenantio.importer.importing.RunRecovery;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;

/** Cancel stops a queued or running run and rolls it back; rerun runs a finished run's archived input again. */
class RunControlsIT extends ApiIntegrationTest {

    @Autowired
    RunRepository runs;
    @Autowired
    RunRecovery recovery;
    @Autowired
    IntakeArchive archive;
    @Autowired
    ImportRun importRun;

    @Test
    void aRunningRunCancelledStopsAtItsNextChunkIsRolledBackAndEndsCancelled() {
        String run = upload(people(60_000));
        await().atMost(Duration.ofMinutes(1)).until(() -> read(run) >= 1);

        Api.Response asked = api.send("POST", "/api/v1/runs/" + run + "/cancel", tenant.adminKey(), "");

        assertThat(asked.status()).isEqualTo(202);
        JsonNode done = api.awaitRun(run, tenant.adminKey());
        assertThat(done.get("status").asText()).isEqualTo("cancelled");
        assertThat(done.get("error").get("code").asText()).isEqualTo("cancelled");
        assertThat(done.get("counts").get("read").asLong()).isLessThan(60_000);
        assertThat(done.get("rollback").get("reverted").asLong()).isEqualTo(done.get("counts").get("inserted").asLong());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id()))
                .isZero();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'run.cancelled'",
                Long.class, tenant.id())).isEqualTo(1);

        Api.Response again = api.send("POST", "/api/v1/runs/" + run + "/cancel", tenant.adminKey(), "");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("error").get("code").asText()).isEqualTo("run_finished");
    }

    @Test
    void aQueuedRunCancelledEndsCancelledAtOnceAndALaterDeliveryDoesNothing() {
        UUID run = queued("external_id,first_name,last_name,email\nQ-1,Ada,Lovelace,ada@example.org\n");

        Api.Response cancelled = api.send("POST", "/api/v1/runs/" + run + "/cancel", tenant.adminKey(), "");

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.json().get("status").asText()).isEqualTo("cancelled");
        assertThat(org.tenantio.importer.system.TenantScope.call(tenant.id(), () -> {
            try {
                return importRun.start(run.toString()).claimed();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        })).isFalse();
        assertThat(runs.find(tenant.id(), run).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
        assertThat(jdbc.queryForList("SELECT to_status FROM run_transitions WHERE run_id = ? ORDER BY id", String.class, run))
                .containsExactly("queued", "cancelled");
    }

    @Test
    void aCancelAskedOfARunWhoseInstanceDiedIsCarriedOutByRecovery() {
        UUID run = queued("external_id,first_name,last_name,email\nQ-1,Ada,Lovelace,ada@example.org\n");
        runs.transition(run, RunStatus.VALIDATING, null);
        runs.transition(run, RunStatus.RUNNING, null);
        jdbc.update("UPDATE runs SET owner_instance = 'dead', lease_expires_at = now() + interval '1 hour' WHERE id = ?", run);

        assertThat(api.send("POST", "/api/v1/runs/" + run + "/cancel", tenant.adminKey(), "").status()).isEqualTo(202);
        recovery.recoverExpired();
        assertThat(runs.find(tenant.id(), run).orElseThrow().status()).isEqualTo(RunStatus.RUNNING); // its lease still holds

        jdbc.update("UPDATE runs SET lease_expires_at = now() - interval '1 second' WHERE id = ?", run);
        recovery.recoverExpired();

        assertThat(runs.find(tenant.id(), run).orElseThrow().status()).isEqualTo(RunStatus.CANCELLED);
    }

    @Test
    void aFinishedRunIsRunAgainFromItsArchivedInput() {
        String first = upload(people(20));
        assertThat(api.awaitRun(first, tenant.adminKey()).get("status").asText()).isEqualTo("completed");

        Api.Response rerun = api.send("POST", "/api/v1/runs/" + first + "/rerun", tenant.adminKey(), "");

        assertThat(rerun.status()).isEqualTo(202);
        String second = rerun.json().get("id").asText();
        assertThat(second).isNotEqualTo(first);
        JsonNode done = api.awaitRun(second, tenant.adminKey());
        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("trigger").asText()).isEqualTo("rerun");
        assertThat(done.get("sha256").asText()).isEqualTo(rerun.json().get("sha256").asText());
        assertThat(done.get("counts").get("unchanged").asLong()).isEqualTo(20);
        assertThat(jdbc.queryForObject("SELECT rerun_of FROM runs WHERE id = ?::uuid", UUID.class, second))
                .isEqualTo(UUID.fromString(first));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'run.rerun'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void anUnfinishedRunCannotBeRunAgainNorAnotherTenantsRunTouched() {
        UUID run = queued("external_id,first_name,last_name,email\nQ-1,Ada,Lovelace,ada@example.org\n");

        Api.Response refused = api.send("POST", "/api/v1/runs/" + run + "/rerun", tenant.adminKey(), "");

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().get("error").get("code").asText()).isEqualTo("run_not_finished");
        String other = tenants.create("othercontrols").adminKey();
        assertThat(api.send("POST", "/api/v1/runs/" + run + "/cancel", other, "").status()).isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/runs/" + run + "/rerun", other, "").status()).isEqualTo(404);
        assertThat(api.send("POST", "/api/v1/runs/not-a-uuid/cancel", tenant.adminKey(), "").status()).isEqualTo(404);
        assertThat(runs.find(tenant.id(), run).orElseThrow().status()).isEqualTo(RunStatus.QUEUED);
    }

    private String upload(String csv) {
        return api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), csv).json().get("id").asText();
    }

    private UUID queued(String csv) {
        UUID pipeline = jdbc.queryForObject("SELECT id FROM pipelines WHERE tenant_id = ? AND code = 'volunteers'", UUID.class,
                tenant.id());
        ArchivedFile file = archive.store(tenant.code(), "volunteers", "q.csv",
                new ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)));
        return runs.create(new NewRun(tenant.id(), pipeline, "upload", "test", "q.csv", file.ref(), file.sha256(),
                file.sizeBytes(), false));
    }

    private long read(String run) {
        Long n = jdbc.queryForObject("SELECT (counts ->> 'read')::bigint FROM runs WHERE id = ?::uuid", Long.class, run);
        return n == null ? 0 : n;
    }

    private static String people(int rows) {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = 0; i < rows; i++) {
            csv.append("P-").append(i).append(',').append(RunClaimIT.letters(i)).append("a,")
                    .append(RunClaimIT.letters(i * 7 + 3)).append("son,p").append(i).append("@example.org\n");
        }
        return csv.toString();
    }
}
