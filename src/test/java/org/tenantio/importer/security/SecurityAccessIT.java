package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.export.ExportSchedules;
import org.tenantio.importer.support.Api.Response;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.ExportFixtures;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.Http;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Issue 12, points 3 and 7, tried as an attacker would: keys of every role and two owners in two
 * tenants, a second admin key of one's own, an operator redefining an active export, schedules of
 * deleted pipelines, quota changes, bursts, guessed keys, oversize headers.
 */
class SecurityAccessIT extends ApiIntegrationTest {

    static final String ANN = "ann@example.org";
    static final String BOB = "bob@example.org";
    static final String EXPORT = """
            {"code":"%s","name":"Feed","direction":"export","format":"csv","targetType":"person",%s
             "options":{"fields":[{"field":"id","column":"Id"},{"field":"email","column":"Email"}%s]%s},
             "destinations":[{"type":"file","path":"feed"}]}""";

    @Autowired
    ExportFixtures fixtures;
    @Autowired
    ExportSchedules schedules;

    private Response asPlatform(String method, String path, String json, int expected) {
        Response r = api.send(method, path, Governance.PLATFORM_KEY, json);
        assertThat(r.status()).as(r.body()).isEqualTo(expected);
        return r;
    }

    /** A key the platform operator issues for an owner of the tenant. */
    private String platformKey(TestTenant t, String role, String owner) {
        Response r = api.send("POST", "/api/v1/tenants/" + t.code() + "/api-keys", Governance.PLATFORM_KEY,
                "{\"name\":\"" + role + " of " + owner + "\",\"role\":\"" + role + "\",\"owner\":\"" + owner + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        assertThat(r.json().path("owner").asText()).isEqualTo(owner);
        return r.json().path("key").asText();
    }

    private Response mint(String key, String role, String owner) {
        return api.send("POST", "/api/v1/api-keys", key,
                "{\"name\":\"k\",\"role\":\"" + role + "\"" + (owner == null ? "" : ",\"owner\":\"" + owner + "\"") + "}");
    }

    private Response move(String code, String key, String status) {
        return api.send("POST", "/api/v1/pipelines/" + code + "/transitions", key, "{\"status\":\"" + status + "\"}");
    }

    @Test
    void anAdminMintsAnyRoleForThemselvesButAnAdminForAnotherPersonOnlyComesFromThePlatform() {
        String ann = platformKey(tenant, "admin", ANN);

        Response own = mint(ann, "admin", "Ann@Example.org");
        assertThat(own.status()).as(own.body()).isEqualTo(201);
        assertThat(own.json().path("owner").asText()).isEqualTo(ANN);
        assertThat(mint(ann, "operator", BOB).status()).isEqualTo(201);
        assertThat(mint(ann, "viewer", "service:nightly-sync").status()).isEqualTo(201);
        Response forBob = mint(ann, "admin", BOB);
        assertThat(forBob.status()).isEqualTo(403);
        assertThat(forBob.json().at("/error/code").asText()).isEqualTo("admin_key_for_other_owner");
        // A second admin key of Ann's own may not mint one for Bob either.
        assertThat(mint(own.json().path("key").asText(), "admin", BOB).status()).isEqualTo(403);

        for (String bad : new String[] {null, "", "bob", "service:", "service:Bad Name", "a@b", "x".repeat(250) + "@example.org"}) {
            Response r = mint(ann, "viewer", bad);
            assertThat(r.status()).as("owner %s", bad).isEqualTo(400);
            assertThat(r.json().at("/error/details").toString()).contains("owner");
        }
        // Only admins mint, and only the platform key opens the platform door.
        String bobOperator = platformKey(tenant, "operator", BOB);
        assertThat(mint(bobOperator, "viewer", BOB).status()).isEqualTo(403);
        assertThat(api.send("POST", "/api/v1/tenants/" + tenant.code() + "/api-keys", ann,
                "{\"name\":\"k\",\"role\":\"admin\",\"owner\":\"" + BOB + "\"}").status()).isEqualTo(403);

        JsonNode audit = api.get("/api/v1/audit?action=api_key.created", ann).json().path("items");
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("actorOwner").asText()).isEqualTo(ANN);
            assertThat(e.path("after").path("owner").asText()).isEqualTo(BOB);
        });
        assertThat(audit).anySatisfy(e -> {
            assertThat(e.path("actor").asText()).isEqualTo("platform");
            assertThat(e.path("after").path("owner").asText()).isEqualTo(ANN);
        });
        assertThat(api.get("/api/v1/api-keys", ann).json().toString()).contains("\"owner\":\"" + BOB + "\"");
    }

    @Test
    void theRequesterReviewsAndApprovesWithNoneOfTheirKeysAnotherPersonMust() {
        String ann = platformKey(tenant, "admin", ANN);
        String annAgain = mint(ann, "admin", ANN).json().path("key").asText();
        String annOperator = mint(ann, "operator", ANN).json().path("key").asText();
        String bob = platformKey(tenant, "admin", BOB);
        assertThat(api.send("POST", "/api/v1/pipelines", annOperator, EXPORT.formatted("four-eyes", "", "", "")).status())
                .isEqualTo(201);
        assertThat(move("four-eyes", annOperator, "requested").status()).isEqualTo(200);

        for (String key : List.of(ann, annAgain)) {
            Response review = move("four-eyes", key, "reviewed");
            assertThat(review.status()).isEqualTo(403);
            assertThat(review.json().at("/error/code").asText()).isEqualTo("reviewer_is_requester");
        }
        assertThat(move("four-eyes", bob, "reviewed").status()).isEqualTo(200);
        Response approve = move("four-eyes", annAgain, "approved");
        assertThat(approve.status()).isEqualTo(403);
        assertThat(approve.json().at("/error/code").asText()).isEqualTo("approver_is_requester");
        assertThat(move("four-eyes", bob, "approved").status()).isEqualTo(200);

        JsonNode history = api.get("/api/v1/pipelines/four-eyes/transitions", bob).json().get("items");
        assertThat(history).extracting(t -> t.path("to").asText()).containsExactly("draft", "requested", "reviewed", "approved");
        assertThat(jdbc.queryForList("""
                SELECT t.actor_owner FROM pipeline_transitions t JOIN pipelines p ON p.id = t.pipeline_id
                 WHERE t.tenant_id = ? AND p.code = 'four-eyes' ORDER BY t.id""", String.class, tenant.id()))
                .containsExactly(ANN, ANN, BOB, BOB);
    }

    @Test
    void anOperatorRedefiningAnActiveExportSendsItBackToDraftSoTheNewFieldsNeverRunUnapproved() {
        String operator = platformKey(tenant, "operator", BOB);
        UUID id = fixtures.pipeline(tenant, "active-feed", "csv", Map.of("fields", List.of("id")), "0 0 0 1 1 ? 2099",
                List.of(ExportFixtures.file("feed")));
        fixtures.changed(tenant, id, "active-feed", "active");
        assertThat(schedules.hasTrigger(id)).isTrue();

        Response put = api.send("PUT", "/api/v1/pipelines/active-feed", operator, EXPORT.formatted("active-feed",
                "\"schedule\":\"0 0 0 1 1 ? 2099\",", ",{\"field\":\"date_of_birth\",\"column\":\"Born\"}",
                ",\"authorisedFields\":[\"email\",\"date_of_birth\"]"));

        assertThat(put.status()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("status").asText()).isEqualTo("draft");
        assertThat(schedules.hasTrigger(id)).isFalse();
        Response run = api.send("POST", "/api/v1/pipelines/active-feed/runs", operator, "{}");
        assertThat(run.status()).isEqualTo(409);
        assertThat(run.json().at("/error/code").asText()).isEqualTo("pipeline_not_active");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ? AND pipeline_id = ?", Long.class,
                tenant.id(), id)).isZero();
        JsonNode last = api.get("/api/v1/pipelines/active-feed/transitions", operator).json().get("items");
        assertThat(last.get(last.size() - 1).path("from").asText()).isEqualTo("active");
        assertThat(last.get(last.size() - 1).path("reason").asText()).isEqualTo("definition changed");
        // Retiring pipelines take no new definition.
        jdbc.update("UPDATE pipelines SET status = 'deprecated' WHERE tenant_id = ? AND id = ?", tenant.id(), id);
        assertThat(api.send("PUT", "/api/v1/pipelines/active-feed", operator, EXPORT.formatted("active-feed", "", "", ""))
                .status()).isEqualTo(409);
    }

    @Test
    void aScheduleWhosePipelineStoppedElsewhereIsSkippedAndUnscheduledWhenItFires() {
        UUID id = fixtures.pipeline(tenant, "elsewhere", "csv", Map.of("fields", List.of("id")), "0/1 * * * * ?",
                List.of(ExportFixtures.file("elsewhere")));
        fixtures.changed(tenant, id, "elsewhere", "active");
        assertThat(schedules.hasTrigger(id)).isTrue();

        // Another instance suspended it: no event reached this one, only the database changed.
        fixtures.setStatus(tenant, id, "suspended");

        await().atMost(Duration.ofSeconds(15)).until(() -> !schedules.hasTrigger(id));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM runs WHERE tenant_id = ? AND pipeline_id = ?", Long.class,
                tenant.id(), id)).isZero();
    }

    @Test
    void deletingAScheduledExportRemovesItsTrigger() {
        UUID id = fixtures.pipeline(tenant, "doomed", "csv", Map.of("fields", List.of("id")), "0 0 3 * * ?",
                List.of(ExportFixtures.file("doomed")));
        fixtures.changed(tenant, id, "doomed", "active");
        assertThat(schedules.hasTrigger(id)).isTrue();
        assertThat(api.send("DELETE", "/api/v1/pipelines/doomed", tenant.adminKey(), "").status()).isEqualTo(204);
        assertThat(schedules.hasTrigger(id)).isFalse();
        assertThat(schedules.isScheduled(id)).isFalse();
    }

    @Test
    void aQuotaChangeChangesOnlyTheLimitsItNamesAndRefusesUnknownOnes() {
        String path = "/api/v1/tenants/" + tenant.code() + "/quotas";
        JsonNode before = api.get(path, Governance.PLATFORM_KEY).json().path("limits");

        JsonNode after = asPlatform("PUT", path, "{\"runsPerDay\": 7}", 200).json().path("limits");

        assertThat(after.path("runsPerDay").asInt()).isEqualTo(7);
        for (String other : List.of("runsPerMonth", "maxConcurrent", "maxFileBytes")) {
            assertThat(after.path(other)).as(other).isEqualTo(before.path(other));
        }
        for (String bad : List.of("{\"runsPerDai\": 1}", "{\"runsPerDay\": \"5\"}", "{\"runsPerDay\": -1}",
                "{\"runsPerDay\": 1.5}", "{\"requestsPerMinute\": 0}", "{}", "[1]", "{\"runsPerDay\": 3, \"x\": 1}")) {
            String body = asPlatform("PUT", path, bad, 400).body();
            assertThat(body).as(bad).contains("\"error\"").doesNotContain("org.", "java.");
        }
        assertThat(api.get(path, Governance.PLATFORM_KEY).json().path("limits").path("runsPerDay").asInt()).isEqualTo(7);
        assertThat(asPlatform("PUT", path, "{\"requestsPerMinute\": null, \"maxConcurrent\": 3}", 200).json()
                .path("limits").path("runsPerDay").asInt()).isEqualTo(7);
    }

    @Test
    void exportsAndDuplicateScansCountAgainstTheRunQuotasAndEvery429SaysWhenToComeBack() {
        fixtures.pipeline(tenant, "metered", "csv", Map.of("fields", List.of("id")), null, List.of(ExportFixtures.file("m")));
        asPlatform("PUT", "/api/v1/tenants/" + tenant.code() + "/quotas", "{\"runsPerDay\": 1}", 200);

        Response first = api.send("POST", "/api/v1/pipelines/metered/runs", tenant.adminKey(), "{}");
        assertThat(first.status()).as(first.body()).isEqualTo(202);
        Http http = new Http(port);
        Http.Reply second = http.call("POST", "/api/v1/pipelines/metered/runs", "{}", "X-API-Key", tenant.adminKey(),
                "Content-Type", "application/json");
        assertThat(second.status()).isEqualTo(429);
        assertThat(second.json().at("/error/details/0/limit").asText()).isEqualTo("runs_per_day");
        assertThat(Long.parseLong(second.header("Retry-After"))).isPositive();
        Http.Reply scan = http.call("POST", "/api/v1/duplicates/scan", "{\"entityType\":\"person\"}", "X-API-Key",
                tenant.adminKey(), "Content-Type", "application/json");
        assertThat(scan.status()).isEqualTo(429);
        assertThat(scan.header("Retry-After")).isNotNull();

        // Concurrency: one scan slot; a second scan while it holds it is 429 max_concurrent, with Retry-After.
        asPlatform("PUT", "/api/v1/tenants/" + tenant.code() + "/quotas", "{\"runsPerDay\": 100, \"maxConcurrent\": 0}", 200);
        Http.Reply busy = http.call("POST", "/api/v1/duplicates/scan", "{\"entityType\":\"person\"}", "X-API-Key",
                tenant.adminKey(), "Content-Type", "application/json");
        assertThat(busy.status()).isEqualTo(429);
        assertThat(busy.json().at("/error/details/0/limit").asText()).isEqualTo("max_concurrent");
        assertThat(Long.parseLong(busy.header("Retry-After"))).isPositive();
        asPlatform("PUT", "/api/v1/tenants/" + tenant.code() + "/quotas", "{\"maxConcurrent\": 5}", 200);
        Response ok = api.send("POST", "/api/v1/duplicates/scan", tenant.adminKey(), "{\"entityType\":\"person\"}");
        assertThat(ok.status()).as(ok.body()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(20)).until(() -> api.get("/api/v1/tenants/" + tenant.code() + "/quotas",
                Governance.PLATFORM_KEY).json().at("/usage/running").asInt() == 0);
    }

    @Test
    void aBurstOfConcurrentRequestsMeetsTheLimitOfAHundredAMinute() throws Exception {
        asPlatform("PUT", "/api/v1/tenants/" + tenant.code() + "/quotas", "{\"requestsPerMinute\": 100}", 200);
        String key = platformKey(tenant, "viewer", "service:burst");
        Http http = new Http(port);
        long started = System.nanoTime();

        List<Http.Reply> replies = Http.atOnce(160, () -> http.call("GET", "/api/v1/runs", null, "X-API-Key", key));

        double seconds = (System.nanoTime() - started) / 1e9;
        long ok = replies.stream().filter(r -> r.status() == 200).count();
        // 100 at once, then one per 0.6 s refilled while the burst lasts.
        assertThat(ok).isBetween(100L, 100L + (long) Math.ceil(seconds / 0.6));
        assertThat(replies).filteredOn(r -> r.status() != 200).allSatisfy(r -> {
            assertThat(r.status()).isEqualTo(429);
            assertThat(Long.parseLong(r.header("Retry-After"))).isBetween(1L, 60L);
        });
        // Other tenants and keys are not held back.
        assertThat(http.call("GET", "/api/v1/runs", null, "X-API-Key", tenants.create("other").adminKey()).status())
                .isEqualTo(200);
    }

    @Test
    void theServiceDefaultIsAHundredRequestsAMinute() throws Exception {
        com.fasterxml.jackson.databind.ObjectMapper yaml = new com.fasterxml.jackson.databind.ObjectMapper(
                new com.fasterxml.jackson.dataformat.yaml.YAMLFactory());
        JsonNode config = yaml.readTree(getClass().getResourceAsStream("/application.yaml"));
        assertThat(config.at("/importer/rate-limit/requests-per-minute").asText())
                .isEqualTo("${IMPORTER_RATE_LIMIT_PER_MINUTE:100}");
    }

    @Test
    void guessedKeysFromOneAddressAreThrottledExactlyAtTheAllowanceEvenAtOnce() throws Exception {
        RateLimiter limiter = new RateLimiter(null, 100, 5);
        List<Long> waits = Http.atOnce(40, () -> limiter.failedSignIn("203.0.113.9"));
        assertThat(waits.stream().filter(w -> w == 0).count()).isEqualTo(5);
        assertThat(waits.stream().filter(w -> w > 0)).allSatisfy(w -> assertThat(w).isBetween(1L, 60L));
        assertThat(limiter.signInWait("203.0.113.9")).isPositive();
        assertThat(limiter.signInWait("203.0.113.10")).isZero();
    }

    @Test
    void invalidKeysOverHttpAreThrottledPerClientAddressValidKeysFromElsewhereGoOn() throws Exception {
        // From 127.0.0.2, so the suite's own requests from 127.0.0.1 keep their allowance (300 a minute in tests).
        InetAddress from = InetAddress.getByName("127.0.0.2");
        long started = System.nanoTime();
        List<Integer> statuses = Http.atOnce(360, () -> rawStatus(from,
                "GET /api/v1/runs HTTP/1.1\r\nHost: localhost\r\nX-API-Key: imp_0123456789ab_guess\r\nConnection: close\r\n\r\n"));
        assertThat(statuses).containsOnly(401, 429);
        // 300 at once, then one per 0.2 s refilled while the burst lasts (well under a minute).
        long unauthorised = statuses.stream().filter(s -> s == 401).count();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertThat(unauthorised).isBetween(300L, 300L + (long) Math.ceil(seconds / 0.2));
        assertThat(unauthorised).isLessThan(360L);
        // Another address is not held back.
        String valid = "GET /api/v1/runs HTTP/1.1\r\nHost: localhost\r\nX-API-Key: " + tenant.adminKey()
                + "\r\nConnection: close\r\n\r\n";
        assertThat(rawStatus(InetAddress.getByName("127.0.0.1"), valid)).isEqualTo(200);
    }

    @Test
    void healthDetailsAreForAuthenticatedAdminsOnly() {
        Http http = new Http(port);
        Http.Reply anonymous = http.call("GET", "/actuator/health", null);
        assertThat(anonymous.json().path("status").asText()).isNotBlank();
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(anonymous.body()).doesNotContain("/", "route");
        Http.Reply viewer = http.call("GET", "/actuator/health", null, "X-API-Key", tenant.viewerKey());
        assertThat(viewer.json().has("components")).isFalse();
        assertThat(http.call("GET", "/actuator/health", null, "X-API-Key", "imp_0123456789ab_nope").status()).isEqualTo(401);
        Http.Reply admin = http.call("GET", "/actuator/health", null, "X-API-Key", tenant.adminKey());
        assertThat(admin.json().has("components")).as(admin.body()).isTrue();
    }

    @Test
    void tomcatsOwnRefusalsAnswerInTheJsonErrorShapeWithoutThePathOrHeaders() throws Exception {
        InetAddress local = InetAddress.getByName("127.0.0.1");
        String big = "x".repeat(64 * 1024);
        String oversize = raw(local, "GET /api/v1/runs/secret-path HTTP/1.1\r\nHost: localhost\r\nX-Big: " + big
                + "\r\nConnection: close\r\n\r\n");
        assertJsonError(oversize, List.of("400", "431"), "secret-path");

        String badEncoding = raw(local, "GET /api/v1/runs/%zz-secret HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertJsonError(badEncoding, List.of("400"), "secret");

        String badRequestLine = raw(local, "GET /api/v1/ru ns\u0001 HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        assertJsonError(badRequestLine, List.of("400"), "ru ns");

        Http http = new Http(port);
        Http.Reply badJson = http.call("POST", "/api/v1/api-keys", "{\"name\": [\"Ann <ann@example.org>\"", "X-API-Key",
                tenant.adminKey(), "Content-Type", "application/json");
        assertThat(badJson.status()).isEqualTo(400);
        assertThat(badJson.body()).doesNotContain("org.", "java.", "ann@example.org", "NewKey", "Jackson");
        Http.Reply badName = http.call("POST", "/api/v1/pipelines/volunteers/runs", "--b\r\nContent-Disposition: form-data; "
                + "name=\"file\"; filename=\"../../etc/\u0000passwd.csv\"\r\n\r\na\r\n--b--\r\n", "X-API-Key", tenant.adminKey(),
                "Content-Type", "multipart/form-data; boundary=b");
        assertThat(badName.status()).isBetween(400, 499);
        assertThat(badName.json().at("/error/code").asText()).isNotBlank();
        assertThat(badName.body()).doesNotContain("etc/", "passwd", "org.", "java.");
    }

    private static void assertJsonError(String response, List<String> statuses, String leak) {
        String statusLine = response.lines().findFirst().orElse("");
        assertThat(statuses).as(statusLine).anyMatch(s -> statusLine.contains(" " + s + " ") || statusLine.endsWith(" " + s));
        String body = response.substring(response.indexOf("\r\n\r\n") + 4);
        assertThat(response.toLowerCase()).contains("content-type: application/json");
        assertThat(body).contains("\"error\"", "\"code\"").doesNotContain(leak, "<html", "Tomcat", "Exception");
    }

    private static int rawStatus(InetAddress from, String request) throws Exception {
        String response = raw(from, request);
        return Integer.parseInt(response.substring(9, 12));
    }

    private static String raw(InetAddress from, String request) throws Exception {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), portOf(), from, 0)) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            StringBuilder text = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            char[] buffer = new char[8192];
            for (int n; (n = in.read(buffer)) > 0; ) {
                text.append(buffer, 0, n);
            }
            return text.toString();
        }
    }

    private static int serverPort;

    private static int portOf() {
        return serverPort;
    }

    @org.junit.jupiter.api.BeforeEach
    void rememberPort() {
        serverPort = port;
    }

}
