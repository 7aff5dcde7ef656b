package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.support.Api.Response;
import org.tenantio.importer.support.ApiIntegrationTest;

class RunJournalIT extends ApiIntegrationTest {

    @Autowired
    StepRetry retry;
    @Autowired
    RunJournal journal;
    @Autowired
    TransactionTemplate tx;
    @Autowired
    RunRepository runs;

    private UUID aRun() {
        UUID pipeline = jdbc.queryForObject("SELECT id FROM pipelines WHERE tenant_id = ? AND code = 'volunteers'",
                UUID.class, tenant.id());
        return runs.create(new NewRun(tenant.id(), pipeline, "api_upload", "test", "x.csv", "x", "0", 0, false));
    }

    @Test
    void aRunShowsItsStepsAndItsLog() {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(),
                "external_id,first_name,last_name,email,shoe\nv1,Ada,Lovelace,ada@example.org,9\n");
        String id = run.path("id").asText();

        JsonNode steps = api.get("/api/v1/runs/" + id + "/steps", tenant.viewerKey()).json().get("items");
        assertThat(steps).extracting(s -> s.path("step").asText() + ":" + s.path("status").asText())
                .containsExactly("validate:completed", "load:completed");
        assertThat(steps.get(1).path("attempt").asInt()).isEqualTo(1);
        assertThat(steps.get(1).path("millis").isNumber()).isTrue();

        Response log = api.get("/api/v1/runs/" + id + "/log", tenant.viewerKey());
        assertThat(log.status()).isEqualTo(200);
        assertThat(log.body()).contains("INFO Queued", "mapping version", "unmapped: shoe", "INFO Completed")
                .doesNotContain("Lovelace", "ada@example.org");

        var other = tenants.create("journal-other");
        assertThat(api.get("/api/v1/runs/" + id + "/log", other.adminKey()).status()).isEqualTo(404);
        assertThat(api.get("/api/v1/runs/" + id + "/steps", other.adminKey()).status()).isEqualTo(404);
    }

    @Test
    void aFailedRunEndsItsOpenStepFailedAndSaysWhyInTheLog() {
        JsonNode run = api.importCsv("volunteers", tenant.adminKey(), "external_id,email\nv1,a@example.org\n");
        assertThat(run.path("status").asText()).isEqualTo("failed");
        String id = run.path("id").asText();
        JsonNode steps = api.get("/api/v1/runs/" + id + "/steps", tenant.adminKey()).json().get("items");
        assertThat(steps.get(0).path("step").asText()).isEqualTo("validate");
        assertThat(steps.get(0).path("status").asText()).isEqualTo("failed");
        assertThat(steps.get(0).path("error").asText()).isEqualTo("missing_columns");
        assertThat(api.get("/api/v1/runs/" + id + "/log", tenant.adminKey()).body()).contains("ERROR Failed: The header lacks");
    }

    @Test
    void aStepThatTimesOutIsRetriedWithBackoffAndEachAttemptIsJournalled() {
        UUID runId = aRun();
        journal.begin(tenant.id(), runId, "load");
        AtomicInteger attempts = new AtomicInteger();
        String result = retry.call(tenant.id(), runId, "load", () -> tx.execute(s -> {
            // the first attempt runs into PostgreSQL's statement timeout, a failure that may pass
            String timeout = attempts.incrementAndGet() == 1 ? "50ms" : "5s";
            jdbc.queryForObject("SELECT set_config('statement_timeout', ?, true)", String.class, timeout);
            return jdbc.queryForObject("SELECT pg_sleep(0.2)::text || 'done'", String.class);
        }));
        journal.succeed(tenant.id(), runId, "load");
        assertThat(result).isEqualTo("done");
        assertThat(journal.steps(tenant.id(), runId)).extracting(s -> s.attempt() + ":" + s.status())
                .containsExactly("1:failed", "2:completed");
        assertThat(journal.steps(tenant.id(), runId).get(0).error()).contains("QueryTimeoutException");
        assertThat(journal.lines(tenant.id(), runId).get(0).message()).contains("attempt 1 failed", "retrying in 200 ms");

        UUID hopeless = aRun();
        journal.begin(tenant.id(), hopeless, "load");
        assertThatThrownBy(() -> retry.call(tenant.id(), hopeless, "load", () -> tx.execute(s -> {
            jdbc.queryForObject("SELECT set_config('statement_timeout', '20ms', true)", String.class);
            return jdbc.queryForObject("SELECT pg_sleep(0.2)::text", String.class);
        }))).isInstanceOf(QueryTimeoutException.class);
        assertThat(journal.steps(tenant.id(), hopeless)).hasSize(retry.policy("load").maxAttempts());
    }
}
