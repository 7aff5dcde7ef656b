package org.tenantio.importer.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tenantio.importer.support.ApiIntegrationTest;

/** The operator CLI's entry point, in-process, against the service running on its random port. */
class CliIT extends ApiIntegrationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    record Result(int code, String out, String err) {
        JsonNode json() throws Exception {
            return JSON.readTree(out);
        }
    }

    private Result cli(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = ImporterCli.execute(args, new PrintWriter(out), new PrintWriter(err), env);
        return new Result(code, out.toString(), err.toString());
    }

    private Map<String, String> env() {
        return Map.of("IMPORTER_URL", "http://localhost:" + port, "IMPORTER_API_KEY", tenant.adminKey());
    }

    private Path file(String name, String csv) throws Exception {
        return Files.writeString(dir.resolve(name), csv);
    }

    @Test
    void runWaitsAndPrintsASummaryThenExitsByOutcome() throws Exception {
        Path clean = file("people.csv", "external_id,first_name,last_name,email\nK-1,Kim,Cli,kim@example.org\n");
        Result ok = cli(env(), "run", "--tenant", tenant.code(), "--pipeline", "volunteers", "--file", clean.toString(),
                "--wait", "--summary-json");
        assertThat(ok.code()).as(ok.err()).isZero();
        JsonNode summary = ok.json();
        assertThat(summary.get("status").asText()).isEqualTo("completed");
        assertThat(summary.at("/counts/inserted").asInt()).isEqualTo(1);
        assertThat(summary.get("tenant").asText()).isEqualTo(tenant.code());
        assertThat(summary.has("anomalies") && summary.has("warnings") && summary.has("durationSeconds")).isTrue();

        Path half = file("half.csv", "external_id,first_name,last_name,email\nK-2,Kai,Cli,kai@example.org\nK-3,Kit,Cli,broken\n");
        Result over = cli(env(), "run", "--pipeline", "volunteers", "--file", half.toString(), "--wait", "--summary-json");
        assertThat(over.code()).isEqualTo(ImporterCli.QUARANTINE_OVER);
        assertThat(cli(env(), "run", "--pipeline", "volunteers", "--file", half.toString().replace("half", "half2"),
                "--wait").code()).isEqualTo(1);
        Path half2 = file("half2.csv", Files.readString(half).replace("K-", "J-"));
        assertThat(cli(env(), "run", "--pipeline", "volunteers", "--file", half2.toString(), "--wait",
                "--max-quarantined", "0.6").code()).isZero();

        Path wrong = file("wrong.csv", "shoe_size\n44\n");
        Result failed = cli(env(), "run", "--pipeline", "volunteers", "--file", wrong.toString(), "--wait", "--summary-json");
        assertThat(failed.code()).isEqualTo(1);
        assertThat(failed.json().get("status").asText()).isEqualTo("failed");
        assertThat(failed.json().at("/error/code").asText()).isEqualTo("missing_columns");
    }

    @Test
    void dryRunWritesNothing() throws Exception {
        Path f = file("dry.csv", "external_id,first_name,last_name,email\nD-1,Dee,Dry,dee@example.org\n");
        Result r = cli(env(), "run", "--pipeline", "volunteers", "--file", f.toString(), "--dry-run", "--wait", "--summary-json");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.json().get("dryRun").asBoolean()).isTrue();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id())).isZero();
    }

    @Test
    void runsRollbackViolationsAndKeysGoThroughTheApi() throws Exception {
        Path f = file("p.csv", "external_id,first_name,last_name,email\nR-1,Rae,Roll,rae@example.org\nR-2,Rob,Roll,broken\n");
        String runId = cli(env(), "run", "--pipeline", "volunteers", "--file", f.toString(), "--wait", "--summary-json",
                "--max-quarantined", "1").json().get("runId").asText();

        Result runs = cli(env(), "runs", "--pipeline", "volunteers");
        assertThat(runs.code()).isZero();
        assertThat(runs.json().at("/items/0/id").asText()).isEqualTo(runId);

        Result csv = cli(env(), "violations", "export", "--run", runId);
        assertThat(csv.code()).isZero();
        assertThat(csv.out()).contains("FMT-101");

        Result rolled = cli(env(), "rollback", runId);
        assertThat(rolled.code()).as(rolled.err()).isZero();
        assertThat(rolled.json().get("status").asText()).isEqualTo("rolled_back");

        Result key = cli(env(), "keys", "create", "--name", "ci loader", "--role", "operator",
                "--owner", "service:ci-loader");
        assertThat(key.code()).as(key.err()).isZero();
        assertThat(key.json().get("key").asText()).startsWith("imp_");
    }

    @Test
    void flagsOverrideTheEnvironmentAndRefusalsAreReadableErrors() throws Exception {
        Result badKey = cli(Map.of(), "--url", "http://localhost:" + port, "--key", "imp_0123456789ab_wrong", "runs");
        assertThat(badKey.code()).isEqualTo(1);
        assertThat(badKey.err()).contains("401").doesNotContain("Exception").doesNotContain("at org.");
        Result viewer = cli(Map.of("IMPORTER_URL", "http://localhost:" + port, "IMPORTER_API_KEY", tenant.viewerKey()),
                "keys", "create", "--name", "x", "--role", "admin", "--owner", "service:x");
        assertThat(viewer.code()).isEqualTo(1);
        assertThat(viewer.err()).contains("403");
        assertThat(cli(env(), "run", "--pipeline", "volunteers", "--file", dir.resolve("missing.csv").toString()).err())
                .contains("No such file");
        assertThat(cli(Map.of(), "runs").err()).contains("API key");
        assertThat(cli(Map.of(), "--url", "ftp://x", "--key", "k", "runs").err()).contains("http(s)");
        assertThat(cli(Map.of(), "run").code()).isEqualTo(2); // picocli: missing required options
        assertThat(cli(Map.of(), "--help").out()).contains("run").contains("rollback").contains("keys");
    }
}
