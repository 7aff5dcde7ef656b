package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.assertj.core.api.SoftAssertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Every console page and action, role by role, over plain HTTP with a real session: a role the
 * API's permission table allows gets the page or the action's own answer (a redirect after it, or
 * 404 for what does not exist), any other role 403 in the page; no session goes to the sign-in,
 * and a form without the session's CSRF token is refused.
 */
class ConsoleRoleMatrixIT extends ApiIntegrationTest {

    private static final Set<String> ALL = Set.of("admin", "steward", "operator", "analyst", "viewer");
    private static final Set<String> ROW_READERS = Set.of("admin", "steward", "operator", "analyst");
    private static final Set<String> RUN_STARTERS = Set.of("admin", "steward", "operator");
    private static final Set<String> STEWARDS = Set.of("admin", "steward");
    private static final Set<String> AUTHORS = Set.of("admin", "operator");
    private static final Set<String> ADMINS = Set.of("admin");
    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" content=\"([^\"]+)\"");

    @Autowired
    Governance governance;

    record Call(String method, String path, String form, Set<String> allowed, int expected) {
    }

    private List<Call> calls(String otherRun) {
        return List.of(
                new Call("GET", "/console/runs", null, ALL, 200),
                new Call("GET", "/console/runs/" + otherRun, null, ALL, 404),
                new Call("GET", "/console/upload", null, RUN_STARTERS, 200),
                new Call("GET", "/console/quarantine", null, ROW_READERS, 200),
                new Call("GET", "/console/quarantine/999999999", null, ROW_READERS, 404),
                new Call("GET", "/console/quarantine/export", null, ROW_READERS, 200),
                new Call("GET", "/console/duplicates", null, ALL, 200),
                new Call("GET", "/console/duplicates/merges", null, ALL, 200),
                new Call("GET", "/console/pipelines", null, ALL, 200),
                new Call("GET", "/console/pipelines/volunteers", null, ALL, 200),
                new Call("GET", "/console/quality", null, ALL, 200),
                new Call("GET", "/console/quality/export?format=json", null, ALL, 200),
                new Call("GET", "/console/trends", null, ALL, 200),
                new Call("GET", "/console/trends/export", null, ALL, 200),
                new Call("GET", "/console/records", null, ALL, 200),
                new Call("GET", "/console/records?q=ada", null, ALL, 200),
                new Call("GET", "/console/audit", null, ADMINS, 200),
                new Call("GET", "/console/audit/export", null, ADMINS, 200),
                new Call("POST", "/console/runs/" + otherRun + "/rollback", "", STEWARDS, 404),
                new Call("POST", "/console/quarantine/999999999/fix", "email=x", STEWARDS, 404),
                new Call("POST", "/console/quarantine/999999999/close", "action=suppress&reason=r", STEWARDS, 404),
                new Call("POST", "/console/quarantine/bulk", "action=revalidate", STEWARDS, 302),
                new Call("POST", "/console/duplicates/999999999/merge", "survivor=left", STEWARDS, 404),
                new Call("POST", "/console/duplicates/999999999/decide", "action=defer", STEWARDS, 404),
                new Call("POST", "/console/duplicates/batch", "minScore=0.9", STEWARDS, 302),
                new Call("POST", "/console/duplicates/merges/999999999/undo", "", ADMINS, 404),
                new Call("POST", "/console/duplicates/merges/999999999/undo", "action=force&reason=r", ADMINS, 404),
                new Call("POST", "/console/quarantine/999999999/fix", "email=x&action=force&reason=r", STEWARDS, 404),
                new Call("POST", "/console/pipelines/volunteers/rules/FMT-102", "mode=warn", STEWARDS, 302),
                new Call("POST", "/console/pipelines/volunteers/transition", "status=suspended", AUTHORS, 302));
    }

    /** A browser-like client: its own cookie jar, no redirects followed. */
    static final class Session {
        final HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        final String base;
        String csrf;

        Session(int port) {
            this.base = "http://localhost:" + port;
        }

        HttpResponse<String> get(String path) {
            HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
            Matcher m = CSRF.matcher(r.body());
            if (m.find()) {
                csrf = m.group(1);
            }
            return r;
        }

        HttpResponse<String> post(String path, String form, boolean withToken) {
            String body = form + (withToken ? (form.isEmpty() ? "" : "&") + "_csrf=" + URLEncoder.encode(csrf, StandardCharsets.UTF_8) : "");
            return send(HttpRequest.newBuilder(URI.create(base + path))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        }

        HttpResponse<String> signIn(String key) {
            get("/console/login");
            return post("/console/login", "apiKey=" + URLEncoder.encode(key, StandardCharsets.UTF_8), true);
        }

        private HttpResponse<String> send(HttpRequest request) {
            try {
                return http.send(request, HttpResponse.BodyHandlers.ofString());
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private String otherTenantsRun() {
        TestTenant other = tenants.create("other");
        return api.postCsv("/api/v1/pipelines/volunteers/runs", other.adminKey(),
                "first_name,last_name,email\nAda,Lovelace,ada@example.org\n").json().get("id").asText();
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "steward", "operator", "analyst", "viewer"})
    void eachRoleMayUseExactlyThePagesAndActionsTheApiGivesIt(String role) {
        Session session = new Session(port);
        assertThat(session.signIn(governance.key(tenant.id(), role)).statusCode()).isEqualTo(302);
        SoftAssertions soft = new SoftAssertions();
        for (Call c : calls(otherTenantsRun())) {
            HttpResponse<String> r = c.method().equals("GET") ? session.get(c.path()) : session.post(c.path(), c.form(), true);
            boolean allowed = c.allowed().contains(role);
            soft.assertThat(r.statusCode()).as("%s %s %s as %s", c.method(), c.path(), allowed ? "allowed" : "refused", role)
                    .isEqualTo(allowed ? c.expected() : 403);
            if (!allowed) {
                soft.assertThat(r.body()).as("%s %s refused in the page", c.method(), c.path()).contains("may not");
            }
            soft.assertThat(r.body()).as("no internals in %s %s", c.method(), c.path())
                    .doesNotContain("Exception").doesNotContain("org.tenantio");
        }
        soft.assertAll();
    }

    @Test
    void withoutASessionEveryPageGoesToTheSignInAndAFormWithoutTheTokenIsRefused() {
        String otherRun = otherTenantsRun();
        Session anonymous = new Session(port);
        SoftAssertions soft = new SoftAssertions();
        for (Call c : calls(otherRun)) {
            HttpResponse<String> r = c.method().equals("GET") ? anonymous.get(c.path()) : anonymous.post(c.path(), c.form(),
                    false);
            soft.assertThat(r.statusCode()).as("%s %s without a session", c.method(), c.path()).isIn(302, 403);
            if (r.statusCode() == 302) {
                soft.assertThat(r.headers().firstValue("Location").orElse("")).endsWith("/console/login");
            }
        }
        Session admin = new Session(port);
        admin.signIn(tenant.adminKey());
        admin.get("/console/runs");
        HttpResponse<String> forged = admin.post("/console/pipelines/volunteers/rules/FMT-102", "mode=off", false);
        soft.assertThat(forged.statusCode()).isEqualTo(403);
        soft.assertThat(api.get("/api/v1/pipelines/volunteers/rules", tenant.adminKey()).body()).doesNotContain("\"off\"");
        HttpResponse<String> login = admin.signIn("imp_000000000000_wrong");
        soft.assertThat(login.body()).contains("not valid");
        soft.assertAll();
    }

    @Test
    void aKeyRevokedAfterSignInIsSignedOutAtItsNextRequest() {
        String key = governance.key(tenant.id(), "steward");
        Session session = new Session(port);
        session.signIn(key);
        assertThat(session.get("/console/runs").statusCode()).isEqualTo(200);
        assertThat(session.get("/console/runs").headers().firstValue("Set-Cookie").orElse("")).doesNotContain("JSESSIONID");

        jdbc.update("UPDATE api_keys SET revoked_at = now() WHERE tenant_id = ? AND prefix = ?", tenant.id(), key.substring(4, 16));

        HttpResponse<String> after = session.get("/console/runs");
        assertThat(after.statusCode()).isEqualTo(302);
        assertThat(after.headers().firstValue("Location").orElse("")).endsWith("/console/login");
    }

    @Test
    void theSessionCookieIsHttpOnlyAndSameSiteStrict() {
        Session session = new Session(port);
        session.get("/console/login");
        HttpResponse<String> signedIn = session.post("/console/login", "apiKey=" + tenant.adminKey(), true);
        String cookie = signedIn.headers().allValues("Set-Cookie").stream().filter(c -> c.startsWith("IMPORTER_CONSOLE="))
                .findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly").contains("SameSite=Strict");
        assertThat(signedIn.headers().firstValue("Location").orElse("")).endsWith("/console/runs");
        HttpResponse<String> page = session.get("/console/runs");
        assertThat(page.headers().firstValue("Content-Security-Policy").orElse("")).startsWith("default-src 'self'");
        assertThat(session.post("/console/logout", "", true).statusCode()).isEqualTo(302);
        assertThat(session.get("/console/runs").statusCode()).isEqualTo(302);
    }
}
