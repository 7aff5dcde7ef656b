package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.Http;

/** The platform operator creates tenants (with quotas and a first admin key) and sets their quotas. */
class TenantsIT extends ApiIntegrationTest {

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private Http.Reply asPlatform(String method, String path, String body) {
        return http.call(method, path, body, "X-API-Key", Governance.PLATFORM_KEY, "Content-Type", "application/json");
    }

    private static String newCode() {
        return "t-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void thePlatformKeyCreatesATenantWithDefaultQuotasAndAnAdminKeyShownOnce() {
        String code = newCode();

        Http.Reply created = asPlatform("POST", "/api/v1/tenants", "{\"code\": \"" + code + "\", \"name\": \"Riverside\"}");

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.header("Location")).isEqualTo("/api/v1/tenants/" + code);
        JsonNode body = created.json();
        String key = body.at("/adminKey/key").asText();
        assertThat(body.at("/quotas/limits/runsPerDay").asInt()).isPositive();
        assertThat(body.at("/quotas/usage/running").asInt()).isZero();
        JsonNode keys = api.get("/api/v1/api-keys", key).json().get("items");
        assertThat(keys).hasSize(1);
        assertThat(keys.get(0).get("role").asText()).isEqualTo("admin");
        assertThat(keys.get(0).has("key")).isFalse();
        assertThat(keys.get(0).has("keyHash")).isFalse();
        String stored = jdbc.queryForObject("SELECT key_hash FROM api_keys WHERE id = ?::uuid", String.class,
                body.at("/adminKey/id").asText());
        assertThat(stored).isNotEqualTo(key).doesNotContain(key.substring(17));
        Map<String, Object> audit = jdbc.queryForMap("""
                SELECT actor, actor_role, request_id FROM audit_log WHERE action = 'tenant.created' AND target_id = ?""", code);
        assertThat(audit).containsEntry("actor", "platform").containsEntry("actor_role", "platform_admin")
                .containsEntry("request_id", created.header("X-Request-Id"));
        assertThat(asPlatform("GET", "/api/v1/tenants?limit=1000", null).body()).contains(code);
    }

    @Test
    void tenantManagementTakesOnlyThePlatformKey() {
        String body = "{\"code\": \"" + newCode() + "\"}";

        assertThat(http.call("POST", "/api/v1/tenants", body, "Content-Type", "application/json").status()).isEqualTo(401);
        Http.Reply tenantAdmin = http.call("POST", "/api/v1/tenants", body, "X-API-Key", tenant.adminKey(),
                "Content-Type", "application/json");
        assertThat(tenantAdmin.status()).isEqualTo(403);
        assertThat(tenantAdmin.json().at("/error/code").asText()).isEqualTo("forbidden");
        assertThat(http.call("GET", "/api/v1/tenants", null, "X-API-Key", "imp_0123456789ab_nope").status()).isEqualTo(401);
        assertThat(http.call("GET", "/api/v1/runs", null, "X-API-Key", Governance.PLATFORM_KEY).status()).isEqualTo(401);
    }

    @Test
    void aTakenOrMalformedCodeIsRefused() {
        assertThat(asPlatform("POST", "/api/v1/tenants", "{\"code\": \"" + tenant.code() + "\"}").json()
                .at("/error/code").asText()).isEqualTo("tenant_exists");
        Http.Reply bad = asPlatform("POST", "/api/v1/tenants", "{\"code\": \"../Evil\"}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().at("/error/details/0/field").asText()).isEqualTo("code");
        assertThat(asPlatform("POST", "/api/v1/tenants", null).status()).isEqualTo(400);
    }

    @Test
    void quotasAreReadAndSetByThePlatformWithAnAuditEntry() {
        String path = "/api/v1/tenants/" + tenant.code() + "/quotas";

        Http.Reply set = asPlatform("PUT", path,
                "{\"runsPerDay\": 5, \"runsPerMonth\": 50, \"maxConcurrent\": 1, \"maxFileBytes\": 1000, \"requestsPerMinute\": 60}");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        JsonNode read = asPlatform("GET", path, null).json();
        assertThat(read.at("/limits/runsPerDay").asInt()).isEqualTo(5);
        assertThat(read.at("/limits/requestsPerMinute").asInt()).isEqualTo(60);
        Map<String, Object> audit = jdbc.queryForMap("""
                SELECT before ->> 'runsPerDay' AS before, after ->> 'runsPerDay' AS after FROM audit_log
                 WHERE tenant_id = ? AND action = 'tenant.quotas_changed'""", tenant.id());
        assertThat(audit).containsEntry("after", "5");
        assertThat(audit.get("before")).isNotEqualTo("5");
        assertThat(asPlatform("PUT", path, "{\"runsPerDay\": -1}").status()).isEqualTo(400);
        assertThat(asPlatform("GET", "/api/v1/tenants/nobody-here/quotas", null).status()).isEqualTo(404);
    }

    @Test
    void withoutAConfiguredPlatformKeyNothingMatches() {
        PlatformAdmin none = new PlatformAdmin(" ");

        assertThat(none.enabled()).isFalse();
        assertThat(none.matches("")).isFalse();
        assertThat(new PlatformAdmin("secret").matches("secret")).isTrue();
        assertThat(new PlatformAdmin("secret").matches("secreT")).isFalse();
    }
}
