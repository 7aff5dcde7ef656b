package org.tenantio.importer.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.ExportFixtures;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * GET /api/v1/pipelines/{code}/health against real runs: a history of ordinary imports over
 * several days and a reject spike, an export whose HTTP destination is down, a failing webhook,
 * a Quartz schedule; another tenant's pipeline of the same code never shows through.
 */
class PipelineHealthIT extends ApiIntegrationTest {

    private static final String MAPPING = """
            {"entity":"person","externalSystem":"roster","externalIdField":"id",
             "columns":[{"source":"id"},{"source":"first","field":"first_name","required":true},
                        {"source":"last","field":"last_name","required":true},{"source":"email"},
                        {"source":"updated","field":"source_updated_at"}]}""";

    @Autowired
    PipelineRepository pipelines;
    @Autowired
    ExportFixtures fixtures;

    private HttpServer down;
    private int next;

    @BeforeEach
    void aDestinationThatIsDown() throws Exception {
        down = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        down.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.sendResponseHeaders(503, -1);
            exchange.close();
        });
        down.start();
    }

    @AfterEach
    void stop() {
        down.stop(0);
    }

    private String downUrl(String path) {
        return "http://127.0.0.1:" + down.getAddress().getPort() + path;
    }

    private void roster(TestTenant t) {
        UUID id = pipelines.create(t.id(), new Pipeline(null, t.id(), "roster", "roster", "import", List.of("csv"), "person", null,
                "active", Map.of("matching", "off")), "test", "test set-up");
        jdbc.update("UPDATE pipelines SET mapping_inline = ?::jsonb WHERE id = ?", MAPPING, id);
    }

    /** Distinct people, the first badEmails of them quarantined, their source changed `age` ago. */
    private String file(int rows, int badEmails, Duration age) {
        StringBuilder csv = new StringBuilder("id,first,last,email,updated\n");
        String updated = OffsetDateTime.now(ZoneOffset.UTC).minus(age).withNano(0).toString();
        for (int i = 0; i < rows; i++) {
            int n = next++;
            csv.append("H-").append(n).append(",Person").append(n).append(",Health").append(n).append(',')
                    .append(i < badEmails ? "broken-address" : "h" + n + "@example.org").append(',').append(updated).append('\n');
        }
        return csv.toString();
    }

    private JsonNode imported(TestTenant t, String csv) {
        JsonNode run = api.importCsv("roster", t.adminKey(), csv);
        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        return run;
    }

    private void backdate(JsonNode run, int days) {
        jdbc.update("UPDATE runs SET created_at = created_at - make_interval(days => ?), started_at = started_at - make_interval(days => ?),"
                + " completed_at = completed_at - make_interval(days => ?) WHERE id = ?::uuid", days, days, days, run.get("id").asText());
    }

    /** Nulls are left out of API answers. */
    private static boolean absent(JsonNode node, String field) {
        return node.path(field).isMissingNode() || node.path(field).isNull();
    }

    private static JsonNode day(JsonNode health, LocalDate day) {
        for (JsonNode d : health.get("trend")) {
            if (d.get("day").asText().equals(day.toString())) {
                return d;
            }
        }
        throw new AssertionError("no trend entry for " + day + " in " + health.get("trend"));
    }

    @Test
    void anImportSourceShowsItsLastSuccessFreshnessThirtyDaysOfRatesAndTheSpikesOpenAlarm() {
        roster(tenant);
        TestTenant other = tenants.create("health-other");
        roster(other);
        // The other tenant's pipeline of the same code is fresher and worse; none of it may show here.
        imported(other, file(10, 9, Duration.ofMinutes(1)));

        List<JsonNode> ordinary = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ordinary.add(imported(tenant, file(20, 0, Duration.ofHours(5))));
        }
        ordinary.forEach(r -> backdate(r, 3));
        JsonNode spike = imported(tenant, file(20, 8, Duration.ofHours(2)));
        assertThat(spike.at("/anomalies/0/code").asText()).as(spike.toString()).isEqualTo("reject_rate");

        Api.Response r = api.get("/api/v1/pipelines/roster/health", tenant.viewerKey());

        assertThat(r.status()).as(r.body()).isEqualTo(200);
        JsonNode health = r.json();
        assertThat(health.get("pipeline").asText()).isEqualTo("roster");
        assertThat(health.at("/lastSuccess/id").asText()).isEqualTo(spike.get("id").asText());
        assertThat(health.at("/lastSuccess/counts/quarantined").asInt()).isEqualTo(8);
        assertThat(absent(health, "nextScheduledRun")).as("an import pipeline has no Quartz schedule").isTrue();
        assertThat(health.at("/freshness/available").asBoolean()).isTrue();
        assertThat(health.at("/freshness/measuredByRun").asText()).isEqualTo(spike.get("id").asText());
        assertThat(health.at("/freshness/lagSeconds").asLong()).isBetween(7200L, 7200L + 600);

        JsonNode trend = health.get("trend");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        assertThat(trend).hasSize(30);
        assertThat(trend.get(0).get("day").asText()).isEqualTo(today.minusDays(29).toString());
        assertThat(trend.get(29).get("day").asText()).isEqualTo(today.toString());
        JsonNode history = day(health, today.minusDays(3));
        assertThat(history.get("runs").asInt()).isEqualTo(5);
        assertThat(history.get("rows").asInt()).isEqualTo(100);
        assertThat(history.get("rejectRate").asDouble()).isZero();
        assertThat(history.get("duplicateRate").asDouble()).isZero();
        assertThat(history.get("freshnessLagSeconds").asLong()).isBetween(5 * 3600L, 5 * 3600L + 600);
        JsonNode spikeDay = day(health, today);
        assertThat(spikeDay.get("runs").asInt()).isEqualTo(1);
        assertThat(spikeDay.get("rejectRate").asDouble()).isEqualTo(8 / 20.0);
        assertThat(day(health, today.minusDays(1)).get("runs").asInt()).isZero();
        assertThat(absent(day(health, today.minusDays(1)), "freshnessLagSeconds")).isTrue();

        List<String> open = new ArrayList<>();
        health.get("openAlarms").forEach(a -> open.add(a.get("kind").asText()));
        assertThat(open).containsExactlyInAnyOrder("alarm:reject_rate", "partial_failure");
        assertThat(health.get("destinations")).isEmpty();
    }

    @Test
    void anExportSourceShowsItsNextScheduledRunEachDestinationsLastDeliveryAndAFailingWebhook() {
        Api.Response hook = api.send("POST", "/api/v1/webhooks", tenant.adminKey(), "{\"url\":\"" + downUrl("/hook") + "\"}");
        assertThat(hook.status()).as(hook.body()).isEqualTo(201);
        fixtures.person(tenant, "granted", Map.of("first_name", "Ada"));
        UUID id = fixtures.pipeline(tenant, "feed", "csv", Map.of("fields", List.of(Map.of("field", "first_name", "column", "Name"))),
                "0 15 3 * * ?", List.of(Map.of("type", "http", "url", downUrl("/in")), ExportFixtures.file("feed")));
        fixtures.changed(tenant, id, "feed", "active");
        Api.Response started = api.send("POST", "/api/v1/pipelines/feed/runs", tenant.adminKey(), "");
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());
        assertThat(run.at("/deliveries/0/status").asText()).as(run.toString()).isEqualTo("failed");
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'webhook.failed'", Long.class, tenant.id()) == 1);
        // A third destination added after the run: its state is "never delivered".
        pipelines.updateExportSettings(tenant.id(), id, "0 15 3 * * ?", List.of(Map.of("type", "http", "url", downUrl("/in")),
                ExportFixtures.file("feed"), Map.of("type", "http", "url", downUrl("/never"))));

        JsonNode health = api.get("/api/v1/pipelines/feed/health", tenant.viewerKey()).json();

        OffsetDateTime nextRun = OffsetDateTime.parse(health.get("nextScheduledRun").asText());
        assertThat(nextRun).isAfter(OffsetDateTime.now()).isBefore(OffsetDateTime.now().plusDays(1).plusMinutes(1));
        assertThat(nextRun.getMinute()).isEqualTo(15);
        assertThat(health.get("schedule").asText()).isEqualTo("0 15 3 * * ?");
        assertThat(health.at("/lastSuccess/id").asText()).isEqualTo(run.get("id").asText());
        assertThat(health.at("/freshness/available").asBoolean()).isFalse();
        JsonNode destinations = health.get("destinations");
        assertThat(destinations).hasSize(3);
        assertThat(destinations.get(0).get("status").asText()).isEqualTo("failed");
        assertThat(destinations.get(0).get("attempts").asInt()).isEqualTo(3);
        assertThat(destinations.get(0).get("lastError").asText()).contains("503");
        assertThat(destinations.get(0).get("runId").asText()).isEqualTo(run.get("id").asText());
        assertThat(destinations.get(1).get("status").asText()).isEqualTo("delivered");
        assertThat(destinations.get(1).get("type").asText()).isEqualTo("file");
        assertThat(destinations.get(2).get("status").asText()).isEqualTo("never");
        assertThat(destinations.get(2).get("type").asText()).isEqualTo("http");
        assertThat(health.at("/webhooks/0/id").asText()).isEqualTo(hook.json().get("id").asText());
        assertThat(health.at("/webhooks/0/failuresLast30Days").asInt()).isEqualTo(1);
        assertThat(absent(health.at("/webhooks/0"), "lastFailureAt")).isFalse();
        assertThat(health.get("openAlarms")).extracting(a -> a.get("kind").asText()).containsExactly("destination_failed");
        assertThat(health.toString()).doesNotContain(downUrl("/hook"));
    }

    @Test
    void anUnknownOrAnotherTenantsPipelineIsA404InTheErrorShape() {
        TestTenant other = tenants.create("health-hidden");
        roster(other);
        for (String code : List.of("roster", "no-such-pipeline", "%2e%2e")) {
            Api.Response r = api.get("/api/v1/pipelines/" + code + "/health", tenant.adminKey());
            assertThat(r.status()).as(code + ": " + r.body()).isEqualTo(404);
            assertThat(r.json().at("/error/code").asText()).isEqualTo("not_found");
        }
        assertThat(api.get("/api/v1/pipelines/roster/health", other.viewerKey()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/pipelines/roster/health", null).status()).isEqualTo(401);
    }
}
