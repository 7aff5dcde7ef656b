package org.tenantio.importer.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Http;

/** Who did what, when, to what, under which request: every state-changing call, read back and exported. */
class AuditIT extends ApiIntegrationTest {

    @Autowired
    AuditLog auditLog;

    Http http;
    String adminKeyId;

    @BeforeEach
    void client() {
        http = new Http(port);
        adminKeyId = jdbc.queryForObject("SELECT id::text FROM api_keys WHERE tenant_id = ? AND role = 'admin'", String.class,
                tenant.id());
    }

    private Http.Reply call(String method, String path, String body, String requestId) {
        return http.call(method, path, body, "X-API-Key", tenant.adminKey(), "Content-Type",
                path.endsWith("/runs") ? "text/csv" : "application/json", "X-Request-Id", requestId);
    }

    private JsonNode audit(String query) {
        return api.get("/api/v1/audit?" + query, tenant.adminKey()).json();
    }

    /** The one entry of that action, checked for the acting key, its role and the request that did it. */
    private JsonNode entryFor(String action, String requestId) {
        JsonNode page = audit("action=" + action);
        assertThat(page.get("total").asLong()).as(action).isEqualTo(1);
        JsonNode entry = page.get("items").get(0);
        assertThat(entry.get("actor").asText()).isEqualTo("key:" + adminKeyId);
        assertThat(entry.get("actorKeyId").asText()).isEqualTo(adminKeyId);
        assertThat(entry.get("actorRole").asText()).isEqualTo("admin");
        assertThat(entry.get("requestId").asText()).isEqualTo(requestId);
        assertThat(entry.get("time").asText()).isNotBlank();
        return entry;
    }

    @Test
    void everyStateChangingCallIsAuditedWithActorRoleTargetAndRequestId() throws Exception {
        Http.Reply started = call("POST", "/api/v1/pipelines/volunteers/runs",
                Files.readString(Path.of("docs/samples/volunteers.csv")), "req-run");
        String runId = started.json().get("id").asText();
        api.awaitRun(runId, tenant.adminKey());
        long violation = api.get("/api/v1/violations?runId=" + runId, tenant.adminKey()).json().at("/items/0/id").asLong();
        call("POST", "/api/v1/violations/" + violation + "/suppress", "{\"reason\": \"known test row\"}", "req-suppress");
        call("POST", "/api/v1/violations/bulk", "{\"filter\": {\"ruleCode\": \"DOM-201\"}, \"action\": \"wont_fix\", "
                + "\"reason\": \"too old to chase\"}", "req-bulk");
        call("PUT", "/api/v1/pipelines/volunteers/rules/FMT-102", "{\"mode\": \"warn\"}", "req-mode");
        call("POST", "/api/v1/runs/" + runId + "/rollback", "", "req-rollback");
        String keyId = call("POST", "/api/v1/api-keys", "{\"name\": \"temp\", \"role\": \"viewer\", \"owner\": \"ann@example.org\"}", "req-key")
                .json().get("id").asText();
        call("DELETE", "/api/v1/api-keys/" + keyId, null, "req-revoke");

        assertThat(started.header("X-Request-Id")).isEqualTo("req-run");
        assertThat(entryFor("run.queued", "req-run").get("targetId").asText()).isEqualTo(runId);
        assertThat(entryFor("violation.suppressed", "req-suppress").at("/after/reason").asText()).isEqualTo("known test row");
        assertThat(entryFor("violations.bulk", "req-bulk").at("/after/action").asText()).isEqualTo("wont_fix");
        JsonNode mode = entryFor("pipeline.rule_mode_changed", "req-mode");
        assertThat(mode.at("/before/mode").asText()).isEqualTo("enforce");
        assertThat(mode.at("/after/mode").asText()).isEqualTo("warn");
        assertThat(entryFor("run.rolled_back", "req-rollback").at("/before/status").asText()).isEqualTo("completed");
        assertThat(entryFor("api_key.created", "req-key").at("/after/role").asText()).isEqualTo("viewer");
        assertThat(entryFor("api_key.revoked", "req-revoke").get("targetType").asText()).isEqualTo("api_key");
    }

    @Test
    void theTrailFiltersByTargetActorAndTimeAndPages() {
        for (int i = 0; i < 3; i++) {
            auditLog.record(new AuditEvent(tenant.id(), "key:" + adminKeyId, "admin", "test.action", "thing", "t" + i,
                    null, Map.of("i", i), null));
        }
        auditLog.record(AuditEvent.system(tenant.id(), "tester", "test.action", "other", "x", null));

        assertThat(audit("targetType=thing&limit=2").get("items")).hasSize(2);
        assertThat(audit("targetType=thing&limit=2").get("total").asLong()).isEqualTo(3);
        assertThat(audit("targetType=thing&limit=2").at("/items/0/targetId").asText()).isEqualTo("t2");
        assertThat(audit("actor=" + adminKeyId).get("total").asLong()).isEqualTo(3);
        assertThat(audit("actor=system:tester").get("total").asLong()).isEqualTo(1);
        assertThat(audit("targetType=thing&targetId=t1").get("total").asLong()).isEqualTo(1);
        assertThat(audit("from=2999-01-01T00:00:00Z").get("total").asLong()).isZero();
        assertThat(audit("to=2999-01-01T00:00:00Z&action=test.action").get("total").asLong()).isEqualTo(4);
        assertThat(api.get("/api/v1/audit?from=today", tenant.adminKey()).status()).isEqualTo(400);
        assertThat(tenants.create("other").adminKey()).satisfies(other ->
                assertThat(api.get("/api/v1/audit?action=test.action", other).json().get("total").asLong()).isZero());
    }

    @Test
    void theCsvExportHasEveryMatchingRowWithFormulaCellsDefused() {
        auditLog.record(new AuditEvent(tenant.id(), "key:" + adminKeyId, "admin", "test.csv", "file",
                "=HYPERLINK(\"http://evil\")", null, Map.of("file", "a,b"), "req-csv"));

        Http.Reply byAccept = http.call("GET", "/api/v1/audit?action=test.csv", null, "X-API-Key", tenant.adminKey(),
                "Accept", "text/csv");
        Http.Reply byFormat = http.call("GET", "/api/v1/audit?action=test.csv&format=csv", null, "X-API-Key",
                tenant.adminKey());

        assertThat(byAccept.status()).isEqualTo(200);
        assertThat(byAccept.header("Content-Type")).startsWith("text/csv");
        String[] lines = byAccept.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,time,actor,actor_role,action,target_type,target_id,before,after,request_id,actor_owner");
        assertThat(lines).hasSize(2);
        assertThat(lines[1]).contains("\"'=HYPERLINK(\"\"http://evil\"\")\"").contains("req-csv").contains("key:" + adminKeyId);
        assertThat(byFormat.body()).isEqualTo(byAccept.body());
    }

    @Test
    void aClientRequestIdIsEchoedAndAnUnsafeOneReplaced() {
        Http.Reply kept = http.call("GET", "/api/v1/runs", null, "X-API-Key", tenant.adminKey(), "X-Request-Id", "abc-123");
        Http.Reply replaced = http.call("GET", "/api/v1/runs", null, "X-API-Key", tenant.adminKey(),
                "X-Request-Id", "=cmd|' /C calc'!A0");
        Http.Reply refused = http.call("GET", "/api/v1/runs", null);

        assertThat(kept.header("X-Request-Id")).isEqualTo("abc-123");
        assertThat(replaced.header("X-Request-Id")).matches("[0-9a-f-]{36}");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.header("X-Request-Id")).isNotBlank();
    }
}
