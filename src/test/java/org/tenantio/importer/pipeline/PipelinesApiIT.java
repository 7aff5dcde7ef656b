package org.tenantio.importer.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.run.NewRun;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.support.Api.Response;
import org.tenantio.importer.support.ApiIntegrationTest;

class PipelinesApiIT extends ApiIntegrationTest {

    private static final String INLINE = """
            {"code":"%s","name":"Members","direction":"import","format":"csv","targetType":"person",
             "mapping":{"entity":"person","externalSystem":"crm","externalIdField":"member_id",
                        "columns":[{"source":"member_id"},{"source":"given","field":"first_name","required":true},
                                   {"source":"family","field":"last_name","required":true},{"source":"email"}]},
             "options":{"defaultPhoneRegion":"GB"}}""";

    @Autowired
    ApiKeys keys;
    @Autowired
    RunRepository runs;

    private String secondAdmin;
    private String operator;

    @BeforeEach
    void moreKeys() {
        secondAdmin = ApiKeys.generate();
        keys.store(tenant.id(), "second admin", secondAdmin, "admin");
        operator = ApiKeys.generate();
        keys.store(tenant.id(), "operator", operator, "operator");
    }

    @Test
    void aDefinedPipelineIsADraftUntilApprovedAndActivatedThenItImportsWithItsInlineMapping() {
        Response created = api.send("POST", "/api/v1/pipelines", operator, INLINE.formatted("members"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.location()).endsWith("/api/v1/pipelines/members");
        assertThat(created.json().path("id").asText()).isNotBlank();
        assertThat(created.json().path("status").asText()).isEqualTo("draft");
        assertThat(created.json().path("mapping").path("externalIdField").asText()).isEqualTo("member_id");

        Response refused = api.postCsv("/api/v1/pipelines/members/runs", tenant.adminKey(), "member_id,given,family\n1,A,B\n");
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.json().path("error").path("code").asText()).isEqualTo("pipeline_not_active");

        move("members", operator, "requested", 200);
        move("members", operator, "reviewed", 403);          // review is the admin's
        move("members", tenant.adminKey(), "reviewed", 200);
        move("members", operator, "approved", 403);
        move("members", tenant.adminKey(), "approved", 200);  // the requester was the operator
        Response started = api.send("POST", "/api/v1/pipelines/members/start", operator, "{\"reason\":\"go live\"}");
        assertThat(started.status()).isEqualTo(200);
        assertThat(started.json().path("status").asText()).isEqualTo("active");
        assertThat(started.json().path("next").toString()).contains("suspended", "restricted", "deprecated");

        JsonNode run = api.importCsv("members", tenant.adminKey(), "member_id,given,family,email\n1,Ada,Lovelace,ada@example.org\n");
        assertThat(run.path("status").asText()).isEqualTo("completed");
        assertThat(run.path("counts").path("inserted").asLong()).isEqualTo(1);

        JsonNode detail = api.get("/api/v1/pipelines/members", tenant.viewerKey()).json();
        assertThat(detail.path("metrics").path("runs").asLong()).isEqualTo(1);
        assertThat(detail.path("metrics").path("rowsProcessed").asLong()).isEqualTo(1);
        assertThat(detail.path("metrics").path("lastRunStatus").asText()).isEqualTo("completed");
        assertThat(detail.path("metrics").path("p50Seconds").isNumber()).isTrue();

        JsonNode history = api.get("/api/v1/pipelines/members/transitions", tenant.viewerKey()).json().get("items");
        assertThat(history).extracting(t -> t.path("to").asText())
                .containsExactly("draft", "requested", "reviewed", "approved", "active");
        assertThat(history.get(4).path("reason").asText()).isEqualTo("go live");
        assertThat(history.get(4).path("actorRole").asText()).isEqualTo("operator");

        Response stopped = api.send("POST", "/api/v1/pipelines/members/stop", operator, "");
        assertThat(stopped.json().path("status").asText()).isEqualTo("suspended");
        assertThat(api.postCsv("/api/v1/pipelines/members/runs", tenant.adminKey(), "member_id,given,family\n2,B,C\n").status())
                .isEqualTo(409);
        assertThat(jdbc.queryForList("SELECT action FROM audit_log WHERE tenant_id = ? AND target_id = 'members' ORDER BY id",
                String.class, tenant.id())).containsSubsequence("pipeline.created", "pipeline.transitioned",
                "pipeline.transitioned", "pipeline.transitioned", "pipeline.transitioned", "pipeline.transitioned");
    }

    @Test
    void theApproverMayNotBeTheRequester() {
        api.send("POST", "/api/v1/pipelines", tenant.adminKey(), INLINE.formatted("self"));
        move("self", tenant.adminKey(), "requested", 200);
        move("self", tenant.adminKey(), "reviewed", 403);   // nor review it
        move("self", secondAdmin, "reviewed", 200);
        Response own = move("self", tenant.adminKey(), "approved", 403);
        assertThat(own.json().path("error").path("code").asText()).isEqualTo("approver_is_requester");
        move("self", secondAdmin, "approved", 200);
    }

    @Test
    void everyTransitionIsLegalExactlyWhenTheLifecycleAllowsIt() {
        api.send("POST", "/api/v1/pipelines", tenant.adminKey(), INLINE.formatted("walk"));
        List<String> checked = new ArrayList<>();
        for (String from : Lifecycle.statuses()) {
            for (String to : Lifecycle.statuses()) {
                jdbc.update("UPDATE pipelines SET status = ? WHERE tenant_id = ? AND code = 'walk'", from, tenant.id());
                // the latest request is someone else's, so secondAdmin may approve
                jdbc.update("""
                        INSERT INTO pipeline_transitions (tenant_id, pipeline_id, from_status, to_status, actor)
                        SELECT tenant_id, id, 'draft', 'requested', 'key:someone-else' FROM pipelines
                        WHERE tenant_id = ? AND code = 'walk'""", tenant.id());
                Response r = move("walk", secondAdmin, to, -1);
                boolean legal = Lifecycle.allowedFrom(from).contains(to);
                assertThat(r.status()).as(from + " -> " + to).isEqualTo(legal ? 200 : 409);
                if (!legal) {
                    assertThat(r.json().path("error").path("message").asText()).contains(from);
                    for (String allowed : Lifecycle.allowedFrom(from)) {
                        assertThat(r.json().path("error").path("details").toString()).contains(allowed);
                    }
                }
                checked.add(from + ">" + to);
            }
        }
        assertThat(checked).hasSize(81);
        assertThat(move("walk", secondAdmin, "nonsense", -1).status()).isEqualTo(400);
    }

    @Test
    void anInvalidDefinitionListsEveryProblemAndStoresNothing() {
        api.send("POST", "/api/v1/pipelines", tenant.adminKey(), INLINE.formatted("taken"));
        Response r = api.send("POST", "/api/v1/pipelines", tenant.adminKey(), """
                {"code":"taken","name":"","direction":"sideways","format":"pdf","targetType":"person","colour":"red",
                 "mapping":{"entity":"person","columns":[{"source":"x","field":"shoe_size"}]},
                 "schedule":"every tuesday","destinations":[{"type":"pigeon"}],
                 "options":{"onError":"explode","maxErrorRate":2,"defaultPhoneRegion":"XX"}}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().path("error").path("code").asText()).isEqualTo("invalid_pipeline");
        List<String> fields = new ArrayList<>();
        r.json().path("error").path("details").forEach(d -> fields.add(d.path("field").asText()));
        assertThat(fields).contains("code", "name", "direction", "format", "colour", "mapping.columns.x", "schedule",
                "destinations[0].type", "options.onError", "options.maxErrorRate", "options.defaultPhoneRegion");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM pipelines WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(2); // the test tenant's volunteers and 'taken'

        Response cron = api.send("POST", "/api/v1/pipelines", tenant.adminKey(), """
                {"code":"nightly","name":"Nightly","direction":"export","format":"csv","targetType":"person",
                 "schedule":"0 0 2 * * ?","destinations":[{"type":"file"}],"options":{"fields":["first_name"]}}""");
        assertThat(cron.status()).isEqualTo(201);
        assertThat(cron.json().path("schedule").asText()).isEqualTo("0 0 2 * * ?");

        Response entity = api.send("POST", "/api/v1/pipelines", tenant.adminKey(), """
                {"code":"households","name":"H","direction":"import","format":"csv","targetType":"household",
                 "mappingRef":"shared/volunteers.yaml"}""");
        assertThat(entity.status()).isEqualTo(400);
        assertThat(entity.body()).contains("mapping.entity");

        assertThat(api.send("POST", "/api/v1/pipelines", tenant.adminKey(), "[1,2]").status()).isEqualTo(400);
        assertThat(api.send("POST", "/api/v1/pipelines", tenant.viewerKey(), INLINE.formatted("nope")).status()).isEqualTo(403);
    }

    @Test
    void listUpdateAndDelete() {
        api.send("POST", "/api/v1/pipelines", tenant.adminKey(), INLINE.formatted("editable"));
        move("editable", tenant.adminKey(), "requested", 200);

        Response updated = api.send("PUT", "/api/v1/pipelines/editable", tenant.adminKey(),
                INLINE.formatted("editable").replace("\"Members\"", "\"Members v2\""));
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("name").asText()).isEqualTo("Members v2");
        assertThat(updated.json().path("status").asText()).isEqualTo("draft"); // the request was for the old definition
        assertThat(api.send("PUT", "/api/v1/pipelines/editable", tenant.adminKey(),
                INLINE.formatted("renamed")).status()).isEqualTo(400);

        JsonNode page = api.get("/api/v1/pipelines?status=draft&limit=10", tenant.viewerKey()).json();
        assertThat(page.path("total").asLong()).isEqualTo(1);
        assertThat(page.path("items").get(0).path("code").asText()).isEqualTo("editable");
        assertThat(api.get("/api/v1/pipelines?direction=import", tenant.viewerKey()).json().path("total").asLong()).isEqualTo(2);

        UUID pipelineId = jdbc.queryForObject("SELECT id FROM pipelines WHERE tenant_id = ? AND code = 'editable'", UUID.class,
                tenant.id());
        UUID queued = runs.create(new NewRun(tenant.id(), pipelineId, "api_upload", "test", "x.csv", "x", "0", 0, false));
        Response busy = api.send("DELETE", "/api/v1/pipelines/editable", tenant.adminKey(), "");
        assertThat(busy.status()).isEqualTo(409);
        assertThat(busy.json().path("error").path("code").asText()).isEqualTo("pipeline_busy");

        jdbc.update("UPDATE runs SET status = 'failed' WHERE id = ?", queued);
        assertThat(api.send("DELETE", "/api/v1/pipelines/editable", operator, "").status()).isEqualTo(403);
        assertThat(api.send("DELETE", "/api/v1/pipelines/editable", tenant.adminKey(), "").status()).isEqualTo(204);
        assertThat(api.get("/api/v1/pipelines/editable", tenant.adminKey()).status()).isEqualTo(404);
        // the code is free again, and the old run still has its pipeline
        assertThat(api.send("POST", "/api/v1/pipelines", tenant.adminKey(), INLINE.formatted("editable")).status()).isEqualTo(201);
        assertThat(api.get("/api/v1/runs/" + queued, tenant.adminKey()).status()).isEqualTo(200);
    }

    @Test
    void anotherTenantCannotSeeOrMoveThePipeline() {
        api.send("POST", "/api/v1/pipelines", tenant.adminKey(), INLINE.formatted("private"));
        var other = tenants.create("other");
        assertThat(api.get("/api/v1/pipelines/private", other.adminKey()).status()).isEqualTo(404);
        assertThat(move("private", other.adminKey(), "requested", -1).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/pipelines", other.adminKey()).json().path("total").asLong()).isEqualTo(1);
    }

    private Response move(String code, String key, String status, int expected) {
        Response r = api.send("POST", "/api/v1/pipelines/" + code + "/transitions", key,
                "{\"status\":\"" + status + "\",\"reason\":\"test\"}");
        if (expected > 0) {
            assertThat(r.status()).as(r.body()).isEqualTo(expected);
        }
        return r;
    }
}
