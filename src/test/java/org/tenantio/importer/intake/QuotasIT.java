package org.tenantio.importer.intake;

import org.tenantio.importer.tenant.RunQuotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Http;
import org.tenantio.importer.support.RejectedFiles;
import org.tenantio.importer.support.TestFolders;

/** Per-tenant quotas: checked and reserved in one step, so concurrent requests never overshoot. */
class QuotasIT extends ApiIntegrationTest {

    private static final String CSV = "first_name,last_name,email\nAda,Lovelace,ada@example.org\n";
    private static final String RUNS = "/api/v1/pipelines/volunteers/runs";

    @Autowired
    RunQuotas quotas;
    @Autowired
    CamelContext camel;

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private void limit(int perDay, int perMonth, int concurrent, long maxFileBytes) {
        quotas.update(tenant.id(), new RunQuotas.Limits(perDay, perMonth, concurrent, maxFileBytes, null));
    }

    private Http.Reply upload(String csv) {
        return http.call("POST", RUNS, csv, "X-API-Key", tenant.adminKey(), "Content-Type", "text/csv");
    }

    private List<Http.Reply> uploadsAtOnce(int n) throws Exception {
        return Http.atOnce(n, () -> upload(CSV));
    }

    private static long count(List<Http.Reply> replies, int status) {
        return replies.stream().filter(r -> r.status() == status).count();
    }

    private static void assertRefusedFor(Http.Reply r, String limit) {
        assertThat(r.status()).as(r.body()).isEqualTo(429);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("quota_exceeded");
        assertThat(r.json().at("/error/details/0/limit").asText()).isEqualTo(limit);
        assertThat(r.json().at("/error/message").asText()).isNotBlank();
    }

    @Test
    void runsPerDayAdmitExactlyTheQuotaUnderConcurrentRequests() throws Exception {
        limit(3, 1000, 100, 1L << 30);

        List<Http.Reply> replies = uploadsAtOnce(8);

        assertThat(count(replies, 202)).isEqualTo(3);
        assertThat(count(replies, 429)).isEqualTo(5);
        Http.Reply refused = replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow();
        assertRefusedFor(refused, "runs_per_day");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 86_400L);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isEqualTo(3);
    }

    @Test
    void runsPerMonthAdmitExactlyTheQuotaUnderConcurrentRequests() throws Exception {
        limit(1000, 2, 100, 1L << 30);

        List<Http.Reply> replies = uploadsAtOnce(6);

        assertThat(count(replies, 202)).isEqualTo(2);
        assertRefusedFor(replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow(), "runs_per_month");
    }

    @Test
    void concurrentRunsAreCappedAndTheSlotIsFreedWhenARunEnds() throws Exception {
        limit(1000, 1000, 2, 1L << 30);
        List<Http.Reply> replies;
        // Hold the runs queued: with the worker paused, no run can end and free its slot mid-test.
        camel.getRouteController().suspendRoute("import-run");
        try {
            replies = uploadsAtOnce(6);
        } finally {
            camel.getRouteController().resumeRoute("import-run");
        }

        assertThat(count(replies, 202)).isEqualTo(2);
        assertRefusedFor(replies.stream().filter(r -> r.status() == 429).findFirst().orElseThrow(), "max_concurrent");
        for (Http.Reply accepted : replies.stream().filter(r -> r.status() == 202).toList()) {
            api.awaitRun(accepted.json().get("id").asText(), tenant.adminKey());
        }
        assertThat(quotas.of(tenant.id()).running()).isZero();
        assertThat(upload(CSV).status()).isEqualTo(202);
    }

    @Test
    void filesOverTheTenantsSizeQuotaAreRefusedBeforeTheyAreReadAndCostNoRun() throws Exception {
        limit(1, 1000, 100, 40);

        List<Http.Reply> tooLarge = uploadsAtOnce(4);

        assertThat(count(tooLarge, 429)).isEqualTo(4);
        assertRefusedFor(tooLarge.get(0), "max_file_bytes");
        assertThat(tooLarge.get(0).json().at("/error/details/0/max").asLong()).isEqualTo(40);
        assertThat(quotas.of(tenant.id()).runsToday()).isZero();
        assertThat(upload("first_name,last_name,email\n").status()).isEqualTo(202);
    }

    @Test
    void aBatchWithoutADeclaredSizeIsStoppedAtTheTenantsSizeQuota() {
        limit(10, 1000, 100, 40);
        String batch = "[{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"ada@example.org\"}]";

        Http.Reply refused = http.callStreamed("POST", "/api/v1/pipelines/volunteers/batches", batch, "X-API-Key",
                tenant.adminKey(), "Content-Type", "application/json");

        assertRefusedFor(refused, "max_file_bytes");
        assertThat(quotas.of(tenant.id()).runsToday()).isZero();
        assertThat(quotas.of(tenant.id()).running()).isZero();
    }

    @Test
    void staleReservationsOfFinishedOrNeverCreatedRunsAreCleanedBeforeReserving() {
        limit(1000, 1000, 1, 1L << 30);
        String runId = api.importCsv("volunteers", tenant.adminKey(), CSV).get("id").asText();
        // As a crash would leave them: a slot still held by a run that has finished, and one whose run never came.
        jdbc.update("INSERT INTO quota_reservations (id, tenant_id, run_id, day) VALUES (?, ?, ?::uuid, current_date)",
                UUID.randomUUID(), tenant.id(), runId);
        jdbc.update("INSERT INTO quota_reservations (id, tenant_id, day, created_at) VALUES (?, ?, current_date, now() - interval '2 hours')",
                UUID.randomUUID(), tenant.id());
        jdbc.update("UPDATE tenant_quotas SET running = 2 WHERE tenant_id = ?", tenant.id());

        assertThat(upload(CSV).status()).isEqualTo(202);
    }

    @Test
    void aDroppedFileOverQuotaIsRejectedWithTheReason() throws Exception {
        limit(0, 1000, 100, 1L << 30);
        Path folder = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("volunteers"));
        Files.writeString(folder.resolve("people.csv"), CSV);

        Path rejected = TestFolders.rejected().resolve(tenant.code());
        await().atMost(Duration.ofSeconds(30)).until(() -> !RejectedFiles.reasons(rejected).isEmpty());

        assertThat(RejectedFiles.reasons(rejected).get(0)).contains("runs per day");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
    }
}
