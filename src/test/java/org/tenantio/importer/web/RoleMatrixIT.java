package org.tenantio.importer.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.Http;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * The permission table of docs/api.md, call by call and role by role: a role the table allows
 * gets the call's own answer (404 for another tenant's resources), any other role 403, no key 401.
 */
class RoleMatrixIT extends ApiIntegrationTest {

    private static final Set<String> ALL = Set.of("admin", "steward", "operator", "analyst", "viewer");
    private static final Set<String> ROW_READERS = Set.of("admin", "steward", "operator", "analyst");
    private static final Set<String> RUN_STARTERS = Set.of("admin", "steward", "operator");
    private static final Set<String> STEWARDS = Set.of("admin", "steward");
    private static final Set<String> ADMINS = Set.of("admin");
    private static final Set<String> AUTHORS = Set.of("admin", "operator");
    private static final String PERSON = "first_name,last_name,email\nAda,Lovelace,ada@example.org\n";

    @Autowired
    Governance governance;

    Http http;
    String otherRun;

    /** One call: who may make it, and what they get. */
    record Call(String method, String path, String contentType, String body, Set<String> allowed, int expected) {
    }

    @BeforeEach
    void setUp() {
        http = new Http(port);
        TestTenant other = tenants.create("other");
        otherRun = api.postCsv("/api/v1/pipelines/volunteers/runs", other.adminKey(), PERSON).json().get("id").asText();
    }

    private List<Call> calls() {
        String json = "application/json";
        return List.of(
                new Call("GET", "/api/v1/runs", null, null, ALL, 200),
                new Call("GET", "/api/v1/runs/" + otherRun, null, null, ALL, 404),
                new Call("GET", "/api/v1/runs/" + otherRun + "/transitions", null, null, ALL, 404),
                new Call("GET", "/api/v1/runs/" + otherRun + "/steps", null, null, ALL, 404),
                new Call("GET", "/api/v1/runs/" + otherRun + "/log", null, null, ALL, 404),
                new Call("GET", "/api/v1/records/person", null, null, ALL, 200),
                new Call("GET", "/api/v1/households", null, null, ALL, 200),
                new Call("GET", "/api/v1/households?limit=0", null, null, ALL, 400),
                new Call("GET", "/api/v1/pipelines/volunteers/mapping", null, null, ALL, 200),
                new Call("GET", "/api/v1/pipelines/volunteers/rules", null, null, ALL, 200),
                new Call("GET", "/api/v1/pipelines/volunteers/health", null, null, ALL, 200),
                new Call("GET", "/api/v1/pipelines/no-such-pipeline/health", null, null, ALL, 404),
                new Call("GET", "/api/v1/violations", null, null, ROW_READERS, 200),
                new Call("GET", "/api/v1/violations/999999999", null, null, ROW_READERS, 404),
                new Call("GET", "/api/v1/violations/export", null, null, ROW_READERS, 200),
                new Call("GET", "/api/v1/runs/" + otherRun + "/violations", null, null, ROW_READERS, 404),
                new Call("POST", "/api/v1/pipelines/volunteers/runs", "text/csv", PERSON, RUN_STARTERS, 202),
                new Call("POST", "/api/v1/pipelines/volunteers/batches", json,
                        "[{\"first_name\":\"Ada\",\"last_name\":\"Lovelace\",\"email\":\"ada@example.org\"}]", RUN_STARTERS, 202),
                new Call("POST", "/api/v1/runs/" + otherRun + "/rollback", json, "", STEWARDS, 404),
                new Call("POST", "/api/v1/runs/" + otherRun + "/redeliver", json, "", AUTHORS, 404),
                new Call("POST", "/api/v1/runs/" + otherRun + "/cancel", json, "", RUN_STARTERS, 404),
                new Call("POST", "/api/v1/runs/" + otherRun + "/rerun", json, "", RUN_STARTERS, 404),
                new Call("GET", "/api/v1/webhooks", null, null, ADMINS, 200),
                new Call("GET", "/api/v1/alerts", null, null, ALL, 200),
                new Call("GET", "/api/v1/alert-channels", null, null, ADMINS, 200),
                new Call("DELETE", "/api/v1/alert-channels/" + java.util.UUID.randomUUID(), null, null, ADMINS, 404),
                new Call("DELETE", "/api/v1/webhooks/" + java.util.UUID.randomUUID(), null, null, ADMINS, 404),
                new Call("PUT", "/api/v1/pipelines/volunteers/rules/FMT-102", json, "{\"mode\":\"warn\"}", STEWARDS, 200),
                new Call("POST", "/api/v1/violations/999999999/suppress", json, "{\"reason\":\"x\"}", STEWARDS, 404),
                new Call("POST", "/api/v1/violations/999999999/wont-fix", json, "{\"reason\":\"x\"}", STEWARDS, 404),
                new Call("POST", "/api/v1/violations/999999999/fix", json, "{\"fields\":{}}", STEWARDS, 404),
                new Call("POST", "/api/v1/violations/bulk", json, "{\"action\":\"revalidate\",\"filter\":{}}", STEWARDS, 200),
                new Call("POST", "/api/v1/violations/import", "text/csv", "_run_id,_row_number\n", STEWARDS, 200),
                new Call("GET", "/api/v1/pipelines", null, null, ALL, 200),
                new Call("GET", "/api/v1/pipelines/volunteers/transitions", null, null, ALL, 200),
                new Call("POST", "/api/v1/pipelines", json, "{}", AUTHORS, 400),
                new Call("DELETE", "/api/v1/pipelines/no-such-pipeline", null, null, ADMINS, 404),
                new Call("GET", "/api/v1/api-keys", null, null, ADMINS, 200),
                new Call("POST", "/api/v1/api-keys", json, "{\"name\":\"n\",\"role\":\"viewer\",\"owner\":\"service:matrix\"}", ADMINS, 201),
                new Call("DELETE", "/api/v1/api-keys/" + UUID.randomUUID(), null, null, ADMINS, 404),
                new Call("GET", "/api/v1/audit", null, null, ADMINS, 200),
                new Call("GET", "/api/v1/access-log", null, null, ADMINS, 200),
                new Call("GET", "/api/v1/records/person/" + UUID.randomUUID() + "/consent", null, null, STEWARDS, 404),
                new Call("PUT", "/api/v1/records/person/" + UUID.randomUUID() + "/consent", json, "{\"state\":\"withdrawn\"}",
                        STEWARDS, 404),
                new Call("DELETE", "/api/v1/records/person/" + UUID.randomUUID(), json, "{\"reason\":\"x\"}", ADMINS, 404),

                new Call("GET", "/api/v1/field-grants", null, null, ADMINS, 200),
                new Call("PUT", "/api/v1/field-grants/viewer", json, "{\"fields\":[]}", ADMINS, 200),
                new Call("POST", "/api/v1/tenants", json, "{\"code\":\"never-made\"}", Set.of(), 403),
                new Call("GET", "/api/v1/tenants", null, null, Set.of(), 403));
    }

    private Http.Reply send(Call c, String key) {
        return http.call(c.method(), c.path(), c.body(), "X-API-Key", key, "Content-Type", c.contentType());
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "steward", "operator", "analyst", "viewer"})
    void eachRoleMayMakeExactlyTheCallsThePermissionTableGivesIt(String role) {
        String key = governance.key(tenant.id(), role);
        SoftAssertions soft = new SoftAssertions();
        for (Call c : calls()) {
            Http.Reply r = send(c, key);
            boolean allowed = c.allowed().contains(role);
            soft.assertThat(r.status()).as("%s %s %s as %s: %s", c.method(), c.path(), allowed ? "allowed" : "refused",
                    role, r.body()).isEqualTo(allowed ? c.expected() : 403);
            if (!allowed) {
                soft.assertThat(r.json().at("/error/code").asText()).isEqualTo("forbidden");
            }
        }
        soft.assertAll();
    }

    @Test
    void everyCallWithoutAKeyOrWithARevokedOneIs401() {
        String revoked = governance.key(tenant.id(), "admin");
        jdbc.update("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ? AND prefix = ?", tenant.id(),
                revoked.substring(4, 16));
        SoftAssertions soft = new SoftAssertions();
        for (Call c : calls()) {
            soft.assertThat(send(c, null).status()).as("%s %s without a key", c.method(), c.path()).isEqualTo(401);
            soft.assertThat(send(c, revoked).status()).as("%s %s with a revoked key", c.method(), c.path()).isEqualTo(401);
        }
        soft.assertAll();
    }

    @Test
    void aViewerSeesRecordsWithContactAndSensitiveFieldsMasked() {
        api.importCsv("volunteers", tenant.adminKey(), "external_id,first_name,last_name,email,phone,date_of_birth\n"
                + "V-1,Ada,Lovelace,ada@example.org,+442071838750,1990-12-10\n");

        Map<?, ?> asViewer = (Map<?, ?>) new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
                api.get("/api/v1/records/person", tenant.viewerKey()).json().at("/items/0/attributes"), Map.class);
        Map<?, ?> asAnalyst = (Map<?, ?>) new com.fasterxml.jackson.databind.ObjectMapper().convertValue(
                api.get("/api/v1/records/person", governance.key(tenant.id(), "analyst")).json().at("/items/0/attributes"),
                Map.class);

        assertThat(asViewer.get("first_name")).isEqualTo("Ada");
        assertThat(asViewer.get("email")).isEqualTo("***");
        assertThat(asViewer.get("phone")).isEqualTo("***");
        assertThat(asViewer.get("date_of_birth")).isEqualTo("***");
        assertThat(asViewer.toString()).doesNotContain("ada@example.org").doesNotContain("1990");
        // Requirements 004: sensitive fields are masked for every role but admin, the analyst too.
        assertThat(asAnalyst.get("email")).isEqualTo("***");
        assertThat(asAnalyst.get("date_of_birth")).isEqualTo("***");
        JsonNode asAdmin = api.get("/api/v1/records/person", tenant.adminKey()).json().at("/items/0/attributes");
        assertThat(asAdmin.path("email").asText()).isEqualTo("ada@example.org");
        assertThat(asAdmin.path("date_of_birth").asText()).isEqualTo("1990-12-10");
    }
}
