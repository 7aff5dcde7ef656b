package org.tenantio.importer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestTenants.TestTenant;

/** Who may call what: keys, tenants, roles, and the error shape of every refusal. */
class ApiAccessIT extends ApiIntegrationTest {

    TestTenant other;

    @BeforeEach
    void setUp() {
        other = tenants.create("other");
    }

    private static void assertError(Api.Response r, int status, String code) {
        assertThat(r.status()).as(r.body()).isEqualTo(status);
        JsonNode error = r.json().get("error");
        assertThat(error.get("code").asText()).isEqualTo(code);
        assertThat(error.get("message").asText()).isNotBlank();
        assertThat(error.get("details").isArray()).isTrue();
        assertThat(r.body()).doesNotContain("Exception").doesNotContain("at org.");
    }

    @Test
    void aMissingKeyIs401() {
        assertError(api.get("/api/v1/runs/00000000-0000-0000-0000-000000000000", null), 401, "unauthenticated");
    }

    @Test
    void aWrongOrMalformedKeyIs401() {
        assertError(api.get("/api/v1/records/person", "imp_0123456789ab_wrong"), 401, "invalid_api_key");
        assertError(api.get("/api/v1/records/person", "not-a-key"), 401, "invalid_api_key");
    }

    @Test
    void anotherTenantsRunIs404() {
        Api.Response started = api.postCsv("/api/v1/pipelines/volunteers/runs", other.adminKey(),
                "first_name,last_name,email\nA,B,a@example.org\n");
        String runId = started.json().get("id").asText();

        assertError(api.get("/api/v1/runs/" + runId, tenant.adminKey()), 404, "not_found");
        assertError(api.get("/api/v1/runs/" + runId + "/violations", tenant.adminKey()), 404, "not_found");
        assertThat(api.get("/api/v1/runs/" + runId, other.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void anUnknownPipelineIs404AndTheRunIsLocatedByTheLocationHeader() {
        assertError(api.postCsv("/api/v1/pipelines/nope/runs", tenant.adminKey(), "a\n1\n"), 404, "pipeline_not_found");

        Api.Response started = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(),
                "first_name,last_name,email\nA,B,a@example.org\n");
        assertThat(started.status()).isEqualTo(202);
        assertThat(started.json().get("status").asText()).isEqualTo("queued");
        assertThat(started.location()).isEqualTo("/api/v1/runs/" + started.json().get("id").asText());
    }

    @Test
    void aMultipartUploadStartsARun() {
        Api.Response started = api.postMultipart("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "people.csv",
                "first_name,last_name,email\nAda,Lovelace,ada@example.org\n");

        assertThat(started.status()).as(started.body()).isEqualTo(202);
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());
        assertThat(run.get("fileName").asText()).isEqualTo("people.csv");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);
    }

    @Test
    void aViewerMayReadButNotStartRuns() {
        assertError(api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.viewerKey(), "a\n1\n"), 403, "forbidden");
        assertThat(api.get("/api/v1/records/person", tenant.viewerKey()).status()).isEqualTo(200);
    }

    @Test
    void badRequestsGetTheErrorShapeNotAStackTrace() {
        assertError(api.get("/api/v1/runs/not-a-uuid", tenant.adminKey()), 404, "not_found");
        assertError(api.get("/api/v1/nothing-here", tenant.adminKey()), 404, "not_found");
        assertError(api.get("/api/v1/records/person?limit=0", tenant.adminKey()), 400, "invalid_paging");
        assertError(api.get("/api/v1/records/person?limit=abc", tenant.adminKey()), 400, "bad_request");
        assertError(api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "application/pdf",
                Path.of("docs/samples/volunteers.csv")), 415, "unsupported_media_type");
    }

    @Test
    void recordsListPersonsWithTheirExternalIdsAndLineage() throws Exception {
        Api.Response started = api.postCsv("/api/v1/pipelines/volunteers/runs", tenant.adminKey(),
                Files.readString(Path.of("docs/samples/volunteers.csv")));
        String runId = started.json().get("id").asText();
        api.awaitRun(runId, tenant.adminKey());

        JsonNode page = api.get("/api/v1/records/person?limit=2&offset=0", tenant.adminKey()).json();

        assertThat(page.get("total").asLong()).isEqualTo(5);
        assertThat(page.get("items")).hasSize(2);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("externalIds").get(0).get("system").asText()).isEqualTo("volunteers");
        assertThat(first.get("externalIds").get(0).get("id").asText()).startsWith("V-10");
        assertThat(first.get("lineage").get("runId").asText()).isEqualTo(runId);
        assertThat(first.get("lineage").get("pipeline").asText()).isEqualTo("volunteers");
        assertThat(first.get("lineage").get("rowNumber").asLong()).isPositive();
        assertThat(first.get("attributes").get("email").asText()).contains("@");
        assertThat(api.get("/api/v1/records/person", other.adminKey()).json().get("total").asLong()).isZero();
    }

    @Test
    void runsAreListedNewestFirstWithFiltersAndTheirTransitions() throws Exception {
        JsonNode first = api.importCsv("volunteers", tenant.adminKey(), "first_name,last_name,email\nA,B,a@example.org\n");
        JsonNode failed = api.importCsv("volunteers", tenant.adminKey(), "first_name\nA\n");
        api.importCsv("volunteers", other.adminKey(), "first_name,last_name,email\nA,B,a@example.org\n");

        JsonNode all = api.get("/api/v1/runs", tenant.adminKey()).json();
        JsonNode onlyFailed = api.get("/api/v1/runs?status=failed&pipeline=volunteers&trigger=upload", tenant.adminKey()).json();
        JsonNode none = api.get("/api/v1/runs?from=2999-01-01T00:00:00Z", tenant.adminKey()).json();
        JsonNode transitions = api.get("/api/v1/runs/" + first.get("id").asText() + "/transitions", tenant.adminKey()).json().get("items");

        assertThat(all.get("total").asLong()).isEqualTo(2);
        assertThat(all.get("items").get(0).get("id").asText()).isEqualTo(failed.get("id").asText());
        assertThat(onlyFailed.get("total").asLong()).isEqualTo(1);
        assertThat(none.get("total").asLong()).isZero();
        assertThat(transitions).extracting(t -> t.get("to").asText())
                .containsExactly("queued", "validating", "running", "completed");
        assertError(api.get("/api/v1/runs?from=yesterday", tenant.adminKey()), 400, "invalid_time");
        assertError(api.get("/api/v1/runs/" + first.get("id").asText() + "/transitions", other.adminKey()), 404, "not_found");
    }

    @Test
    void healthIsUpWithDatabaseAndRoutes() {
        // Camel's consumers report ready after their first poll, a second or so after start-up.
        JsonNode health = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> api.get("/actuator/health", tenant.adminKey()).json(), h -> "UP".equals(h.get("status").asText()));

        assertThat(health.get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("db").get("status").asText()).isEqualTo("UP");
        assertThat(health.get("components").get("routes").get("details").get("import-run").asText()).isEqualTo("Started");
        assertThat(health.get("components").get("routes").get("details").get("tenant-file-intake").asText()).isEqualTo("Started");
    }
}
