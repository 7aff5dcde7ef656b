package org.tenantio.importer.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Http;
import org.tenantio.importer.support.TestTenants.TestTenant;

/** A tenant admin issues keys (shown once, stored as a hash) and revokes them with immediate effect. */
class ApiKeysIT extends ApiIntegrationTest {

    Http http;

    @BeforeEach
    void client() {
        http = new Http(port);
    }

    private Http.Reply issue(String adminKey, String body) {
        return http.call("POST", "/api/v1/api-keys", body, "X-API-Key", adminKey, "Content-Type", "application/json");
    }

    @Test
    void anIssuedKeyWorksWithItsRoleAndOnlyItsHashIsStored() {
        Http.Reply issued = issue(tenant.adminKey(), "{\"name\": \"nightly loader\", \"role\": \"operator\", \"owner\": \"service:nightly-loader\"}");

        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        JsonNode key = issued.json();
        String secret = key.get("key").asText();
        assertThat(secret).startsWith("imp_" + key.get("prefix").asText() + "_");
        assertThat(api.get("/api/v1/runs", secret).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/api-keys", secret).status()).isEqualTo(403);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM api_keys WHERE key_hash = ? OR name = ?", Long.class,
                secret, secret)).isZero();
        JsonNode listed = api.get("/api/v1/api-keys", tenant.adminKey()).json();
        assertThat(listed.findValuesAsText("name")).contains("nightly loader");
        assertThat(listed.toString()).doesNotContain(secret).doesNotContain("hash");
    }

    @Test
    void aRevokedKeyIsRefusedOnItsVeryNextRequest() {
        JsonNode key = issue(tenant.adminKey(), "{\"name\": \"temp\", \"role\": \"analyst\", \"owner\": \"ann@example.org\"}").json();
        String secret = key.get("key").asText();
        assertThat(api.get("/api/v1/runs", secret).status()).isEqualTo(200);

        Http.Reply revoked = http.call("DELETE", "/api/v1/api-keys/" + key.get("id").asText(), null,
                "X-API-Key", tenant.adminKey(), "X-Request-Id", "revoke-test-1");

        assertThat(revoked.status()).isEqualTo(204);
        Http.Reply after = http.call("GET", "/api/v1/runs", null, "X-API-Key", secret);
        assertThat(after.status()).isEqualTo(401);
        assertThat(after.json().at("/error/code").asText()).isEqualTo("invalid_api_key");
        assertThat(http.call("DELETE", "/api/v1/api-keys/" + key.get("id").asText(), null, "X-API-Key", tenant.adminKey())
                .status()).isEqualTo(204);
        Map<String, Object> audit = jdbc.queryForMap("""
                SELECT actor, actor_role, request_id, target_id FROM audit_log WHERE tenant_id = ? AND action = 'api_key.revoked'""",
                tenant.id());
        assertThat(audit).containsEntry("request_id", "revoke-test-1").containsEntry("actor_role", "admin")
                .containsEntry("target_id", key.get("id").asText());
        assertThat((String) audit.get("actor")).startsWith("key:");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'api_key.created'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    @Test
    void anotherTenantsKeyCannotBeSeenOrRevoked() {
        TestTenant other = tenants.create("other");
        String otherKeyId = jdbc.queryForObject("SELECT id::text FROM api_keys WHERE tenant_id = ? LIMIT 1", String.class,
                other.id());

        Http.Reply r = http.call("DELETE", "/api/v1/api-keys/" + otherKeyId, null, "X-API-Key", tenant.adminKey());

        assertThat(r.status()).isEqualTo(404);
        assertThat(api.get("/api/v1/runs", other.adminKey()).status()).isEqualTo(200);
        assertThat(http.call("DELETE", "/api/v1/api-keys/not-a-uuid", null, "X-API-Key", tenant.adminKey()).status())
                .isEqualTo(404);
    }

    @Test
    void theLastActiveAdminKeyCannotBeRevokedSoTheTenantIsNeverLockedOut() {
        String firstAdminId = jdbc.queryForObject("SELECT id::text FROM api_keys WHERE tenant_id = ? AND role = 'admin'",
                String.class, tenant.id());

        Http.Reply refused = http.call("DELETE", "/api/v1/api-keys/" + firstAdminId, null, "X-API-Key", tenant.adminKey());
        String second = http.call("POST", "/api/v1/tenants/" + tenant.code() + "/api-keys",
                "{\"name\": \"second admin\", \"role\": \"admin\", \"owner\": \"bob@example.org\"}", "X-API-Key",
                org.tenantio.importer.support.Governance.PLATFORM_KEY, "Content-Type", "application/json")
                .json().get("key").asText();
        Http.Reply revoked = http.call("DELETE", "/api/v1/api-keys/" + firstAdminId, null, "X-API-Key", second);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().at("/error/code").asText()).isEqualTo("last_admin_key");
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(api.get("/api/v1/runs", tenant.adminKey()).status()).isEqualTo(401);
        assertThat(api.get("/api/v1/api-keys", second).status()).isEqualTo(200);
    }

    @Test
    void aKeyNeedsANameAndAKnownRole() {
        Http.Reply r = issue(tenant.adminKey(), "{\"name\": \"x\", \"role\": \"superuser\"}");

        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().at("/error/code").asText()).isEqualTo("invalid_api_key_request");
        assertThat(issue(tenant.adminKey(), "{\"role\": \"viewer\"}").status()).isEqualTo(400);
        assertThat(issue(tenant.adminKey(), "").status()).isEqualTo(400);
    }
}
