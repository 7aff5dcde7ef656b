package org.tenantio.importer.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tenantio.importer.support.IdentityFixtures.HEADER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.Api.Response;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.Governance;
import org.tenantio.importer.support.Http;

/**
 * Masking everywhere by role (issue 12 point 4, requirements 003 and 004): every GET path of the
 * OpenAPI document, read with a key of each role, against a tenant holding records, a merge with
 * email and phone lists, duplicate suggestions, quarantined rows as sent, a scan, audit entries
 * and run logs. No sensitive value reaches a non-admin; the admin sees each of them somewhere,
 * so the walk is known to pass over the data it guards.
 */
class MaskingAcrossApiIT extends ApiIntegrationTest {

    static final String JON = "V-1,Jon,Smith,jon+events@gmail.com,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n";
    static final String LIKELY = "B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n";
    static final String QUARANTINED = "Q-1,Quinn,,quinn.secret@example.org,07700 900999,1970-01-01,,Leeds,,LS1 1AA,GB\n"
            + "Q-2,Fut,Ure,future.person@example.org,,2090-01-01,,Leeds,,LS1 1AA,GB\n";
    /** Every way the sensitive values above may be written: as sent, normalised, or as match keys. */
    static final List<String> SECRETS = List.of("jon+events", "jon@gmail", "jsmith@", "quinn.secret", "future.person",
            "7911 123456", "7911123456", "7700 900999", "7700900999", "1990-04-12", "1970-01-01", "2090-01-01");
    static final List<String> ROLES = List.of("steward", "operator", "analyst", "viewer");

    @Autowired
    Governance governance;

    @Test
    void noGetPathOfTheApiShowsASensitiveValueToAnyRoleButAdmin() throws Exception {
        Map<String, String> ids = seed();
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("admin", tenant.adminKey());
        ROLES.forEach(r -> keys.put(r, "viewer".equals(r) ? tenant.viewerKey() : governance.key(tenant.id(), r)));

        List<String> paths = getPaths();
        assertThat(paths).contains("/api/v1/records/{entityType}", "/api/v1/duplicates/{id}", "/api/v1/merges/{id}",
                "/api/v1/violations/{id}", "/api/v1/runs/{id}/log", "/api/v1/audit");
        StringBuilder adminSaw = new StringBuilder();
        Http http = new Http(port);
        for (String template : paths) {
            String path = concrete(template, ids);
            for (Map.Entry<String, String> key : keys.entrySet()) {
                List<Http.Reply> replies = List.of(http.call("GET", path, null, "X-API-Key", key.getValue()),
                        http.call("GET", path, null, "X-API-Key", key.getValue(), "Accept", "text/csv"));
                for (Http.Reply reply : replies) {
                    assertThat(reply.status()).as("%s as %s: %s", path, key.getKey(), reply.body()).isLessThan(500);
                    if ("admin".equals(key.getKey())) {
                        adminSaw.append(reply.body());
                    } else {
                        for (String secret : SECRETS) {
                            assertThat(reply.body()).as("%s as %s", path, key.getKey()).doesNotContain(secret);
                        }
                    }
                }
            }
        }
        for (String secret : List.of("jon+events", "jsmith@", "quinn.secret", "future.person", "7911123456", "7700 900999",
                "1990-04-12", "1970-01-01", "2090-01-01")) {
            assertThat(adminSaw.toString()).as("the admin reads %s somewhere", secret).contains(secret);
        }
    }

    @Test
    void aStewardMergesWithoutSeeingTheValuesAndAFieldGrantOpensOneFieldToOneRole() {
        api.importCsv("volunteers", tenant.adminKey(), HEADER + JON);
        api.importCsv("volunteers", tenant.adminKey(), HEADER + LIKELY);
        String steward = governance.key(tenant.id(), "steward");
        JsonNode pending = api.get("/api/v1/duplicates?status=pending", steward).json().path("items").get(0);
        assertThat(pending.at("/left/attributes/email").asText()).isEqualTo(PersonDataMasking.MASK);

        Response merged = api.send("POST", "/api/v1/duplicates/" + pending.path("id").asLong() + "/merge", steward, "{}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        SECRETS.forEach(s -> assertThat(merged.body()).doesNotContain(s));

        Response grant = api.send("PUT", "/api/v1/field-grants/steward", tenant.adminKey(), "{\"fields\": [\"email\"]}");
        assertThat(grant.status()).as(grant.body()).isEqualTo(200);
        JsonNode record = api.get("/api/v1/records/person", steward).json().path("items").get(0).path("attributes");
        assertThat(record.path("email").asText()).contains("@");
        assertThat(record.path("date_of_birth").asText()).isEqualTo(PersonDataMasking.MASK);
        assertThat(record.path("phone").asText()).isEqualTo(PersonDataMasking.MASK);
        // The grant is the steward's: the viewer still sees nothing, and only an admin grants.
        assertThat(api.get("/api/v1/records/person", tenant.viewerKey()).body()).doesNotContain("jon+events", "jsmith@");
        assertThat(api.send("PUT", "/api/v1/field-grants/steward", steward, "{\"fields\": [\"phone\"]}").status())
                .isEqualTo(403);
        assertThat(api.send("PUT", "/api/v1/field-grants/admin", tenant.adminKey(), "{\"fields\": []}").status())
                .isEqualTo(404);
        assertThat(api.send("PUT", "/api/v1/field-grants/viewer", tenant.adminKey(), "{\"fields\": [\"Bad Name\"]}").status())
                .isEqualTo(400);
        assertThat(api.get("/api/v1/field-grants", tenant.adminKey()).json().path("steward").toString()).isEqualTo("[\"email\"]");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM audit_log WHERE tenant_id = ? AND action = 'field_grants.changed'",
                Long.class, tenant.id())).isEqualTo(1);
    }

    /** Records, a merge, a pending suggestion, quarantined rows, a finished scan; the ids the paths need. */
    private Map<String, String> seed() {
        api.importCsv("volunteers", tenant.adminKey(), HEADER + JON);
        api.importCsv("volunteers", tenant.adminKey(), HEADER + LIKELY);
        JsonNode suggestion = api.get("/api/v1/duplicates?status=pending", tenant.adminKey()).json().path("items").get(0);
        Response merged = api.send("POST", "/api/v1/duplicates/" + suggestion.path("id").asLong() + "/merge",
                tenant.adminKey(), "{}");
        assertThat(merged.status()).as(merged.body()).isEqualTo(200);
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), HEADER + QUARANTINED);
        JsonNode violation = api.get("/api/v1/violations?runId=" + run.path("id").asText(), tenant.adminKey()).json()
                .path("items").get(0);
        Response scan = api.send("POST", "/api/v1/duplicates/scan", tenant.adminKey(), "{\"entityType\":\"person\"}");
        assertThat(scan.status()).as(scan.body()).isEqualTo(202);
        String scanId = scan.json().path("id").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> !"running".equals(
                api.get("/api/v1/duplicates/scans/" + scanId, tenant.adminKey()).json().path("status").asText()));
        JsonNode merge = api.get("/api/v1/merges", tenant.adminKey()).json().path("items").get(0);
        String record = api.get("/api/v1/records/person?limit=1", tenant.adminKey()).json().path("items").get(0)
                .path("id").asText();
        return Map.of("runs", run.path("id").asText(), "violations", violation.path("id").asText(),
                "duplicates", suggestion.path("id").asText(), "scans", scanId, "merges", merge.path("id").asText(),
                "records", record);
    }

    /** A path with sample values for its parameters; a parameter this test does not know fails it, so new paths get walked. */
    private String concrete(String template, Map<String, String> ids) {
        Matcher m = Pattern.compile("\\{([A-Za-z]+)}").matcher(template);
        StringBuilder path = new StringBuilder();
        while (m.find()) {
            String before = template.substring(0, m.start());
            String value = switch (m.group(1)) {
                case "code" -> template.startsWith("/api/v1/tenants") ? tenant.code() : "volunteers";
                case "entityType" -> "person";
                // a key rotation holds no personal data; tenant keys are refused before it is looked up
                case "id" -> before.contains("/admin/keys/rotations/") ? UUID.randomUUID().toString()
                        : ids.get(before.contains("/scans/") ? "scans" : before.replaceAll(".*/api/v1/([a-z-]+)/.*", "$1")
                        .replaceAll("/$", ""));
                default -> null;
            };
            assertThat(value).as("a sample value for {%s} in %s", m.group(1), template).isNotNull();
            m.appendReplacement(path, Matcher.quoteReplacement(value));
        }
        m.appendTail(path);
        return path.toString();
    }

    private static List<String> getPaths() throws Exception {
        JsonNode doc = new ObjectMapper(new YAMLFactory()).readTree(MaskingAcrossApiIT.class.getResourceAsStream("/openapi.yaml"));
        List<String> paths = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = doc.path("paths").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            if (p.getValue().has("get")) {
                paths.add(p.getKey());
            }
        }
        return paths;
    }
}
