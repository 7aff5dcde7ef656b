package org.tenantio.importer.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.metrics.PrometheusText.Sample;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.tenant.RunQuotas;

/** /actuator/prometheus over HTTP, parsed strictly: the promised meters, with bounded labels only. */
class PrometheusScrapeIT extends ApiIntegrationTest {

    private static final String FILE_NAME = "private-list-of-donors-7f3a.csv";

    @Autowired
    Governance governance;
    @Autowired
    RunQuotas quotas;

    private List<Sample> scrape() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + port + ScrapeAccessFilter.PATH)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        return PrometheusText.parse(r.body());
    }

    private static double value(List<Sample> samples, String name, Map<String, String> labels) {
        return samples.stream().filter(s -> s.name().equals(name) && s.labels().entrySet().containsAll(labels.entrySet()))
                .mapToDouble(Sample::value).sum();
    }

    @Test
    void aRunShowsUpPerTenantAndPipelineWithNoFileNameRunIdOrRowValueInAnyLabel() throws Exception {
        String csv = "external_id,first_name,last_name,email\n"
                + "M-1,Mary,Metric,mary.metric@example.org\n"
                + "M-2,Mark,Metric,not-an-email\n"
                + "M-3,Maud,Metric,maud.metric@example.org\n";
        Api.Response started = api.postMultipart("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), FILE_NAME, csv);
        assertThat(started.status()).as(started.body()).isEqualTo(202);
        String runId = started.json().get("id").asText();
        JsonNode run = api.awaitRun(runId, tenant.adminKey());
        assertThat(run.get("status").asText()).isEqualTo("completed");

        List<Sample> samples = scrape();
        Map<String, String> mine = Map.of("tenant", tenant.code(), "pipeline", "volunteers");
        assertThat(value(samples, "importer_runs_total", with(mine, "status", "completed"))).isEqualTo(1);
        assertThat(value(samples, "importer_rows_total", with(mine, "outcome", "inserted"))).isEqualTo(2);
        assertThat(value(samples, "importer_rows_total", with(mine, "outcome", "quarantined"))).isEqualTo(1);
        assertThat(value(samples, "importer_quarantined_rows_total", with(mine, "rule_code", "FMT-101"))).isEqualTo(1);
        assertThat(value(samples, "importer_run_duration_seconds_count", mine)).isEqualTo(1);
        assertThat(value(samples, "importer_run_queue_latency_seconds_count", mine)).isEqualTo(1);
        assertThat(samples).anyMatch(s -> s.name().equals("importer_run_duration_seconds_bucket")
                && s.labels().get("tenant").equals(tenant.code()) && s.labels().containsKey("le"));
        assertThat(value(samples, "importer_chunk_write_seconds_count", mine)).isGreaterThanOrEqualTo(1);
        // Camel's route metrics, by route id
        assertThat(samples).anyMatch(s -> s.name().startsWith("camel_exchanges") && "import-run".equals(s.labels().get("routeId")));

        for (Sample s : samples) {
            for (String label : s.labels().values()) {
                assertThat(label).as(s.name()).doesNotContain(runId).doesNotContain("donors")
                        .doesNotContain("@example.org").doesNotContain("Metric");
            }
        }
    }

    @Test
    void quotaAndRateLimitRefusalsAreCountedPerTenant() throws Exception {
        RunQuotas.Quota q = quotas.of(tenant.id());
        quotas.update(tenant.id(), new RunQuotas.Limits(1, q.runsPerMonth(), q.maxConcurrent(), q.maxFileBytes(), null));
        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name\nQ-1,Quinn,Quota\n");
        Api.Response refused = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(),
                "external_id,first_name,last_name\nQ-2,Quinn,Quota\n");
        assertThat(refused.status()).isEqualTo(429);
        governance.requestsPerMinute(tenant.id(), 3);
        String key = governance.key(tenant.id(), "viewer");
        int limited = 0;
        for (int i = 0; i < 5; i++) {
            limited += api.get("/api/v1/runs", key).status() == 429 ? 1 : 0;
        }
        assertThat(limited).isEqualTo(2);

        List<Sample> samples = scrape();
        assertThat(value(samples, "importer_quota_rejections_total", Map.of("tenant", tenant.code(), "limit", "runs_per_day")))
                .isEqualTo(1);
        assertThat(value(samples, "importer_rate_limit_rejections_total", Map.of("tenant", tenant.code()))).isEqualTo(2);
    }

    @Test
    void theParserRefusesWhatIsNotTheTextFormat() {
        assertThatThrownBy(() -> PrometheusText.parse("metric{a=\"x\" 1\n")).isInstanceOf(AssertionError.class);
        assertThatThrownBy(() -> PrometheusText.parse("metric one\n")).isInstanceOf(AssertionError.class);
        assertThat(PrometheusText.parse("# TYPE m counter\nm{a=\"q\\\"x\"} 2.5 1700000000\n").get(0).labels())
                .containsEntry("a", "q\"x");
    }

    private static Map<String, String> with(Map<String, String> base, String k, String v) {
        Map<String, String> m = new java.util.HashMap<>(base);
        m.put(k, v);
        return m;
    }
}
