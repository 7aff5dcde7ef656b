package org.tenantio.importer.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ServiceProcess;
import org.tenantio.importer.support.TestFolders;

/**
 * The service started as an operator would, with {@code logging.structured.format.console=ecs}:
 * its console is JSON lines, a run's lines carry run_id, tenant, pipeline and the request_id the
 * client sent, and nothing of the imported rows is in the log.
 */
class StructuredLogsIT {

    static final String KEY = "imp_0123456789ab_ecs-logs-test-key-00000000000000000000000";
    private static final ObjectMapper JSON = new ObjectMapper();

    final Path root = TestFolders.ROOT.resolve("ecs-logs");
    final Path pg = root.resolve("pg");
    Process process;

    @AfterEach
    void tearDown() throws Exception {
        if (process != null) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
        OrphanedPostgres.stopIfRunning(pg);
    }

    @Test
    void aRunsJsonLinesCarryItsIdsAndNoRowValue() throws Exception {
        Files.createDirectories(root);
        int port = ServiceProcess.freePort();
        Path log = root.resolve("service.log");
        process = ServiceProcess.start(port, log, List.of(
                "--logging.structured.format.console=ecs",
                "--importer.embedded-db.dir=" + pg,
                "--importer.secrets-dir=" + root.resolve("secrets"),
                "--importer.inbox=" + root.resolve("inbox"),
                "--importer.outbox=" + root.resolve("outbox"),
                "--importer.archive=" + root.resolve("archive"),
                "--importer.rejected=" + root.resolve("rejected"),
                "--importer.export.files=" + root.resolve("exports"),
                "--importer.bootstrap-api-key=" + KEY));
        String csv = "external_id,first_name,last_name,email\nE-1,Ottoline,Vexbridge,ottoline.vex@example.org\n"
                + "E-2,Ptolemy,Vexbridge,broken-address\n";
        HttpResponse<String> started = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/v1/pipelines/volunteers/runs"))
                .header("X-API-Key", KEY).header("Content-Type", "text/csv").header("X-Request-Id", "req-ecs-7")
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(started.headers().firstValue("X-Request-Id")).contains("req-ecs-7");
        String runId = JSON.readTree(started.body()).get("id").asText();
        JsonNode run = new Api(port).awaitRun(runId, KEY);
        assertThat(run.get("status").asText()).isEqualTo("completed");

        // the run's last line may reach the file just after its status is visible
        await().atMost(Duration.ofSeconds(30)).until(() -> Files.readAllLines(log).stream()
                .anyMatch(l -> l.contains(runId) && l.contains("completed")));
        List<JsonNode> lines = new ArrayList<>();
        List<String> text = Files.readAllLines(log);
        for (String line : text) {
            if (line.startsWith("{")) {
                lines.add(JSON.readTree(line));
            }
        }
        assertThat(lines).as("the service logs JSON lines").hasSizeGreaterThan(10);
        assertThat(lines).allMatch(l -> l.has("@timestamp") && l.at("/log/level").isTextual() && l.has("message"));
        List<JsonNode> ofRun = lines.stream().filter(l -> runId.equals(l.path(LogContext.RUN_ID).asText())).toList();
        assertThat(ofRun).extracting(l -> l.get("message").asText())
                .anyMatch(m -> m.contains("started")).anyMatch(m -> m.contains("completed")).anyMatch(m -> m.startsWith("Rule FMT-101"));
        assertThat(ofRun).allMatch(l -> l.path(LogContext.TENANT).asText().equals("demo")
                && l.path(LogContext.PIPELINE).asText().equals("volunteers")
                && l.path(LogContext.REQUEST_ID).asText().equals("req-ecs-7"));
        assertThat(ofRun).filteredOn(l -> l.get("message").asText().startsWith("Rule FMT-101"))
                .allMatch(l -> l.path(LogContext.RULE_CODE).asText().equals("FMT-101"));
        assertThat(String.join("\n", text)).doesNotContain("Ottoline", "Ptolemy", "Vexbridge", "ottoline.vex", "broken-address");
    }
}
