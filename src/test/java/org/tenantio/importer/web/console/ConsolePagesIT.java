package org.tenantio.importer.web.console;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.web.console.ConsoleRoleMatrixIT.Session;

/**
 * Console pages over plain HTTP with a real session, where a browser adds nothing: what goes
 * wrong is a page in the console's layout with a sentence (never a Whitelabel page, a stack trace
 * or a 500 for the user's own mistake), and the run and quarantine actions do what they say.
 */
class ConsolePagesIT extends ApiIntegrationTest {

    @Autowired
    Governance governance;

    private Session signedIn(String role) {
        Session session = new Session(port);
        assertThat(session.signIn(governance.key(tenant.id(), role)).statusCode()).isEqualTo(302);
        session.get("/console/runs");
        return session;
    }

    private static void aConsolePage(HttpResponse<String> page, int status, String says) {
        assertThat(page.statusCode()).as(page.uri() + " " + page.body()).isEqualTo(status);
        assertThat(page.body()).contains(says).contains("<header class=\"top\"").doesNotContain("Whitelabel")
                .doesNotContain("Exception").doesNotContain("org.tenantio").doesNotContain("at java.");
    }

    @Test
    void whatGoesWrongIsAConsolePageWithASentence() {
        Session admin = signedIn("admin");
        aConsolePage(admin.get("/console/no-such-page"), 404, "There is no such page");
        aConsolePage(admin.get("/console/duplicates/not-a-number"), 400, "has a value this page cannot use");
        HttpResponse<String> wrongMethod = admin.get("/console/runs/" + UUID.randomUUID() + "/rollback");
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.body()).contains("That action is not available here").contains("<main").doesNotContain("error\":");
        aConsolePage(admin.post("/console/duplicates/1/decide", "", true), 400, "The request could not be understood");
        aConsolePage(admin.get("/console/upload/" + UUID.randomUUID()), 404, "That upload is no longer held");
        aConsolePage(admin.post("/console/duplicates/merges/1/undo", "action=force", true), 400,
                "Say why the undo may overwrite later changes");

        var apiMiss = api.get("/api/v1/no-such-thing", tenant.adminKey());
        assertThat(apiMiss.status()).as("outside the console, the API's answer").isEqualTo(404);
        assertThat(apiMiss.json().at("/error/code").asText()).isEqualTo("not_found");

        HttpResponse<String> home = admin.get("/console");
        assertThat(home.statusCode()).isEqualTo(302);
        assertThat(home.headers().firstValue("Location").orElse("")).endsWith("/console/runs");
    }

    @Test
    void anHtmxRequestWithoutASessionIsToldToLoadTheSignInPage() throws Exception {
        Session anonymous = new Session(port);
        HttpResponse<String> polled = anonymous.http.send(HttpRequest.newBuilder(URI.create(anonymous.base + "/console/runs"))
                .header("HX-Request", "true").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(polled.statusCode()).isEqualTo(401);
        assertThat(polled.headers().firstValue("HX-Redirect").orElse("")).isEqualTo("/console/login");
    }

    @Test
    void anUploadWithoutAFileOrOfAFileThePageCannotReadIsRefusedInThePage() {
        Session operator = signedIn("operator");
        aConsolePage(upload(operator, null, null), 400, "Choose a CSV or Excel file to upload");

        HttpResponse<String> json = upload(operator, "batch.json", "[{\"email\": \"a@example.org\"}]");
        assertThat(json.statusCode()).isEqualTo(302);
        aConsolePage(operator.get(path(json)), 415, "send JSON batches to the API");

        HttpResponse<String> fake = upload(operator, "volunteers.xlsx", "external_id,email\nX-1,a@example.org\n");
        aConsolePage(operator.get(path(fake)), 400, "named like an Excel workbook but is not one");
        assertThat(api.get("/api/v1/runs", tenant.adminKey()).json().get("total").asInt()).as("nothing ran").isZero();
    }

    @Test
    void aStewardSuppressesARowClosesAnotherAsWontFixDownloadsTheLogAndRollsTheRunBack() {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), ConsoleBrowserIT.csvOf(ConsoleBrowserIT.VOLUNTEERS));
        String runId = run.get("id").asText();
        JsonNode open = api.get("/api/v1/runs/" + runId + "/violations", tenant.adminKey()).json().get("items");
        long first = open.get(0).get("id").asLong();
        long second = open.get(1).get("id").asLong();
        Session steward = signedIn("steward");

        HttpResponse<String> suppressed = steward.post("/console/quarantine/" + first + "/close",
                "action=suppress&reason=a+test+row", true);
        assertThat(suppressed.statusCode()).isEqualTo(302);
        assertThat(steward.get(path(suppressed)).body()).contains("Suppressed");
        assertThat(steward.post("/console/quarantine/" + second + "/close", "action=wont-fix&reason=left+as+sent", true)
                .statusCode()).isEqualTo(302);
        aConsolePage(steward.post("/console/quarantine/" + second + "/close", "action=delete", true), 400,
                "Unknown action");
        assertThat(violationStatus(first)).isEqualTo("suppressed");
        assertThat(violationStatus(second)).isEqualTo("wont_fix");

        HttpResponse<String> log = steward.get("/console/runs/" + runId + "/log");
        assertThat(log.statusCode()).isEqualTo(200);
        assertThat(log.headers().firstValue("Content-Disposition").orElse(""))
                .isEqualTo("attachment; filename=\"run-" + runId + ".log\"");
        assertThat(log.headers().firstValue("Content-Type").orElse("")).startsWith("text/plain");
        assertThat(log.body()).contains("INFO Queued").contains("INFO Completed");

        HttpResponse<String> rolledBack = steward.post("/console/runs/" + runId + "/rollback", "action=rollback", true);
        assertThat(rolledBack.statusCode()).isEqualTo(302);
        assertThat(path(rolledBack)).isEqualTo("/console/runs/" + runId);
        assertThat(steward.get(path(rolledBack)).body()).contains("The run was rolled back")
                .contains("data-run-status=\"rolled_back\"");
        assertThat(api.get("/api/v1/runs/" + runId, tenant.adminKey()).json().get("status").asText()).isEqualTo("rolled_back");
        assertThat(api.get("/api/v1/records/person", tenant.adminKey()).json().get("total").asInt()).isZero();
    }

    private String violationStatus(long id) {
        return api.get("/api/v1/violations/" + id, tenant.adminKey()).json().at("/violation/status").asText();
    }

    private static String path(HttpResponse<String> redirect) {
        String location = redirect.headers().firstValue("Location").orElseThrow();
        return URI.create(location).getPath();
    }

    /** The upload form as a browser sends it: multipart, with the session's token; no file part when {@code name} is null. */
    private static HttpResponse<String> upload(Session session, String name, String content) {
        String boundary = "----console" + UUID.randomUUID();
        StringBuilder body = new StringBuilder();
        part(body, boundary, "_csrf", null, session.csrf);
        part(body, boundary, "pipeline", null, "volunteers");
        if (name != null) {
            part(body, boundary, "file", name, content);
        }
        body.append("--").append(boundary).append("--\r\n");
        try {
            return session.http.send(HttpRequest.newBuilder(URI.create(session.base + "/console/upload"))
                    .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                    .POST(HttpRequest.BodyPublishers.ofString(body.toString(), StandardCharsets.UTF_8)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void part(StringBuilder body, String boundary, String field, String fileName, String value) {
        body.append("--").append(boundary).append("\r\nContent-Disposition: form-data; name=\"").append(field).append('"');
        if (fileName != null) {
            body.append("; filename=\"").append(fileName).append("\"\r\nContent-Type: application/octet-stream");
        }
        body.append("\r\n\r\n").append(value).append("\r\n");
    }
}
