package org.tenantio.importer.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.IdentityFixtures;
import org.tenantio.importer.support.TestTenants;

/** Every API read of person data is in the access log: who, which records or query, how many. */
class AccessLogIT extends ApiIntegrationTest {

    static final String JON = "V-1,Jon,Smith,jon+events@gmail.com,07911 123456,1990-04-12,1 High Street,London,,SW1A 1AA,GB\n";
    static final String LIKELY = "B-7,Jon,Smith,jsmith@work.example.org,,,,London,,SW1A 1AA,GB\n";
    static final String BAD = "Q-1,Ann,Bad,not-an-email,,,,London,,,GB\n";

    @Autowired
    IdentityFixtures fixtures;
    @Autowired
    TestTenants tenants;

    private JsonNode entries(String query) {
        return api.get("/api/v1/access-log?" + query, tenant.adminKey()).json();
    }

    private JsonNode latest(String kind) {
        JsonNode page = entries("kind=" + kind);
        assertThat(page.get("total").asLong()).as(kind).isPositive();
        return page.get("items").get(0);
    }

    @Test
    void listsDetailsAndExportsOfPersonDataAreLoggedWithWhoWhatAndHowMany() {
        api.importCsv("volunteers", tenant.adminKey(), IdentityFixtures.HEADER + JON);
        JsonNode second = api.importCsv("volunteers", tenant.adminKey(), IdentityFixtures.HEADER + LIKELY + BAD);
        String steward = fixtures.key(tenant.id(), "steward");

        JsonNode persons = api.get("/api/v1/records/person?limit=10", steward).json();
        JsonNode listed = latest("records.list");
        assertThat(listed.get("role").asText()).isEqualTo("steward");
        assertThat(listed.get("actor").asText()).startsWith("key:");
        assertThat(listed.get("query").asText()).isEqualTo("limit=10");
        assertThat(listed.get("returned").asInt()).isEqualTo(persons.get("items").size()).isEqualTo(2);
        List<String> ids = new ArrayList<>();
        persons.get("items").forEach(p -> ids.add(p.get("id").asText()));
        assertThat(listed.get("records")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(ids);

        long suggestion = api.get("/api/v1/duplicates?status=pending", steward).json().get("items").get(0).get("id").asLong();
        api.get("/api/v1/duplicates/" + suggestion, steward);
        assertThat(latest("duplicates.detail").get("records")).extracting(JsonNode::asText).containsExactlyInAnyOrderElementsOf(ids);
        assertThat(latest("duplicates.list").get("returned").asInt()).isEqualTo(1);

        String runId = second.get("id").asText();
        long violation = api.get("/api/v1/violations?runId=" + runId, steward).json().get("items").get(0).get("id").asLong();
        api.get("/api/v1/violations/" + violation, steward);
        assertThat(latest("quarantine.detail").get("records").get(0).asText()).isEqualTo(runId + ":2");
        assertThat(latest("quarantine.list").get("returned").asInt()).isEqualTo(1);
        assertThat(api.get("/api/v1/violations/export?runId=" + runId, steward).status()).isEqualTo(200);
        JsonNode export = latest("quarantine.export");
        assertThat(export.get("query").asText()).isEqualTo("runId=" + runId);
        assertThat(export.has("returned")).isFalse();

        // A refused read returned nothing: not logged. Only admins read the log; other tenants see none of it.
        long before = entries("").get("total").asLong();
        assertThat(api.get("/api/v1/violations", tenant.viewerKey()).status()).isEqualTo(403);
        assertThat(api.get("/api/v1/access-log", steward).status()).isEqualTo(403);
        assertThat(entries("").get("total").asLong()).isEqualTo(before);
        TestTenants.TestTenant other = tenants.create("accesslog-other");
        assertThat(api.get("/api/v1/access-log", other.adminKey()).json().get("total").asLong()).isZero();
        // The record was read three times: in the list, and in the duplicate list and detail.
        assertThat(entries("recordId=" + ids.get(0)).get("total").asLong()).isEqualTo(3);
        assertThat(api.get("/api/v1/access-log?from=yesterday", tenant.adminKey()).status()).isEqualTo(400);
        assertThat(api.get("/api/v1/access-log?limit=0", tenant.adminKey()).status()).isEqualTo(400);
    }

    @Test
    void anExportRunIsLoggedAsItsStarterReadingTheRowsItWrote(@Autowired org.tenantio.importer.support.ExportFixtures exports) {
        exports.person(tenant, "granted", java.util.Map.of("first_name", "Ada", "email", "ada@example.org"));
        exports.person(tenant, "withdrawn", java.util.Map.of("first_name", "Gone", "email", "gone@example.org"));
        exports.pipeline(tenant, "people", "csv", java.util.Map.of("fields", List.of(java.util.Map.of("field", "first_name"))),
                null, List.of(org.tenantio.importer.support.ExportFixtures.file("people")));
        JsonNode run = api.awaitRun(api.send("POST", "/api/v1/pipelines/people/runs", tenant.adminKey(), "").json()
                .get("id").asText(), tenant.adminKey());
        assertThat(run.get("status").asText()).isEqualTo("completed");

        JsonNode exported = latest("records.export");

        assertThat(exported.get("returned").asInt()).isEqualTo(1);
        assertThat(exported.get("query").asText()).isEqualTo("run=" + run.get("id").asText());
        assertThat(exported.get("actor").asText()).startsWith("key:");
    }

    @Test
    void theCsvExportHasEveryEntryAndIsSafeToOpenInASpreadsheet() {
        api.get("/api/v1/records/person?=1+2", tenant.adminKey());
        api.get("/api/v1/records/person", tenant.adminKey());

        org.tenantio.importer.support.Api.Response csv = api.get("/api/v1/access-log?format=csv", tenant.adminKey());

        assertThat(csv.status()).isEqualTo(200);
        String[] lines = csv.body().split("\r\n");
        assertThat(lines[0]).isEqualTo("id,time,actor,role,kind,path,query,records,returned,request_id");
        assertThat(lines).hasSize(3);
        assertThat(lines[1]).contains("records.list", "'=1+2").doesNotContain(",=1+2");
    }
}
