package org.tenantio.importer.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.ExportFixtures;

/** Quartz-timed export routes: a cron fires runs, a schedule change replaces the route, suspending removes it. */
class ExportScheduleIT extends ApiIntegrationTest {

    static final Map<String, Object> NAMES = Map.of("fields", List.of("first_name"));

    @Autowired
    ExportFixtures fixtures;
    @Autowired
    ExportSchedules schedules;
    @Autowired
    ExportRuns exportRuns;

    private long scheduledRuns(UUID pipelineId) {
        Long n = jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ? AND pipeline_id = ? AND trigger = 'schedule'",
                Long.class, tenant.id(), pipelineId);
        return n == null ? 0 : n;
    }

    private String storedCron(UUID pipelineId) {
        return jdbc.query("SELECT cron_expression FROM qrtz_cron_triggers WHERE trigger_name = ? AND trigger_group = 'exports'",
                rs -> rs.next() ? rs.getString(1) : null, pipelineId.toString());
    }

    @Test
    void aCronScheduleFiresExportRunsUntilThePipelineIsSuspended() {
        fixtures.person(tenant, "granted", Map.of("first_name", "Ada"));
        UUID id = fixtures.pipeline(tenant, "nightly", "csv", NAMES, "0/2 * * * * ?", List.of(ExportFixtures.file("nightly")));
        fixtures.changed(tenant, id, "nightly", "active");

        assertThat(schedules.isScheduled(id)).isTrue();
        assertThat(storedCron(id)).isEqualTo("0/2 * * * * ?");
        await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM runs WHERE tenant_id = ? AND pipeline_id = ? AND trigger = 'schedule' AND status = 'completed'",
                Long.class, tenant.id(), id) > 0);
        assertThat(jdbc.queryForObject("SELECT actor FROM runs WHERE tenant_id = ? AND pipeline_id = ? LIMIT 1", String.class,
                tenant.id(), id)).isEqualTo("system:schedule");

        assertThat(api.send("POST", "/api/v1/pipelines/nightly/stop", tenant.adminKey(), "{\"reason\":\"test\"}")
                .status()).isEqualTo(200);

        assertThat(schedules.isScheduled(id)).isFalse();
        assertThat(storedCron(id)).isNull();
        long after = scheduledRuns(id);
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> scheduledRuns(id) == after);

        assertThat(api.send("POST", "/api/v1/pipelines/nightly/start", tenant.adminKey(), "{}").status()).isEqualTo(200);
        assertThat(schedules.isScheduled(id)).isTrue();
        api.send("POST", "/api/v1/pipelines/nightly/stop", tenant.adminKey(), "{}");
    }

    @Test
    void changingTheScheduleReplacesTheRoute() {
        UUID id = fixtures.pipeline(tenant, "weekly", "csv", NAMES, "0 0 3 ? * MON", List.of(ExportFixtures.file(null)));
        fixtures.changed(tenant, id, "weekly", "active");
        assertThat(storedCron(id)).isEqualTo("0 0 3 ? * MON");

        jdbc.update("UPDATE pipelines SET schedule = '0 30 4 * * ?' WHERE tenant_id = ? AND id = ?", tenant.id(), id);
        fixtures.changed(tenant, id, "weekly", "active");

        assertThat(storedCron(id)).isEqualTo("0 30 4 * * ?");
        assertThat(schedules.isScheduled(id)).isTrue();

        jdbc.update("UPDATE pipelines SET schedule = NULL WHERE tenant_id = ? AND id = ?", tenant.id(), id);
        fixtures.changed(tenant, id, "weekly", "active");

        assertThat(schedules.isScheduled(id)).isFalse();
        assertThat(storedCron(id)).isNull();
    }

    @Test
    void aFiringForASuspendedPipelineStartsNothing() {
        UUID id = fixtures.pipeline(tenant, "stale", "csv", NAMES, null, List.of(ExportFixtures.file(null)));
        fixtures.setStatus(tenant, id, "suspended");

        schedules.sync(tenant.id(), id);
        exportRuns.scheduled(tenant.id().toString(), id.toString());

        assertThat(scheduledRuns(id)).isZero();
    }

    @Test
    void theSampleTenantShipsASuspendedExampleExportThatRunsOnceStarted() {
        String key = org.tenantio.importer.support.TestTenants.DEMO_KEY;
        assertThat(api.get("/api/v1/pipelines/volunteers-export", key).json().get("status").asText()).isEqualTo("suspended");
        assertThat(api.send("POST", "/api/v1/pipelines/volunteers-export/runs", key, "").status()).isEqualTo(409);

        assertThat(api.send("POST", "/api/v1/pipelines/volunteers-export/start", key, "{}").status()).isEqualTo(200);
        try {
            UUID id = jdbc.queryForObject("SELECT id FROM pipelines WHERE code = 'volunteers-export'", UUID.class);
            assertThat(schedules.isScheduled(id)).isTrue();
            Api.Response started = api.send("POST", "/api/v1/pipelines/volunteers-export/runs", key, "");
            assertThat(started.status()).isEqualTo(202);
            JsonNode run = api.awaitRun(started.json().get("id").asText(), key);
            assertThat(run.get("status").asText()).isEqualTo("completed");
            assertThat(run.get("deliveries").get(0).get("deliveredTo").asText()).startsWith("demo/volunteers/");
        } finally {
            api.send("POST", "/api/v1/pipelines/volunteers-export/stop", key, "{}");
        }
    }
}
