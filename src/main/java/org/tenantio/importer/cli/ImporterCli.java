package org.tenantio.importer.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * The operator's command line, in the service's own jar: {@code java -jar tenant-importer.jar
 * run|runs|rollback|violations|keys ...}. It talks to a running service over its API (--url
 * and --key, or IMPORTER_URL and IMPORTER_API_KEY). Exit codes: 0 done, 1 failed (or a refused
 * request), 2 the run completed but quarantined more than --max-quarantined of its rows.
 */
@Command(name = "tenant-importer", mixinStandardHelpOptions = true,
        subcommands = {ImporterCli.Run.class, ImporterCli.Runs.class, ImporterCli.Rollback.class,
                ImporterCli.Violations.class, ImporterCli.Keys.class},
        description = "Operate a running tenant-importer over its API.")
public class ImporterCli {

    /** The first words that make the jar a command instead of the service. */
    public static final Set<String> VERBS = Set.of("run", "runs", "rollback", "violations", "keys", "--help", "-h");
    static final int QUARANTINE_OVER = 2;

    @Option(names = "--url", description = "The service, e.g. http://localhost:8080 (env IMPORTER_URL)")
    String url;
    @Option(names = "--key", description = "An API key of the tenant (env IMPORTER_API_KEY)")
    String key;

    private Map<String, String> env = Map.of();
    private PrintWriter out;

    /** Runs a command line; returns the exit code. */
    public static int execute(String[] args, PrintWriter out, PrintWriter err, Map<String, String> env) {
        ImporterCli cli = new ImporterCli();
        cli.env = env;
        cli.out = out;
        CommandLine line = new CommandLine(cli).setOut(out).setErr(err)
                .setExecutionExceptionHandler((e, cmd, parsed) -> {
                    if (e instanceof CliFailure) {
                        err.println("error: " + e.getMessage());
                        err.flush();
                        return 1;
                    }
                    throw e;
                });
        int code = line.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    ApiClient api() {
        String u = url != null ? url : env.getOrDefault("IMPORTER_URL", "http://localhost:8080");
        return new ApiClient(u, key != null ? key : env.get("IMPORTER_API_KEY"));
    }

    void print(JsonNode node) {
        try {
            out.println(ApiClient.JSON.writerWithDefaultPrettyPrinter().writeValueAsString(node));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new CliFailure("Cannot print the answer");
        }
    }

    @Command(name = "run", description = "Upload a file to a pipeline and (with --wait) follow the run to its end.")
    static class Run implements Callable<Integer> {
        @ParentCommand
        ImporterCli cli;
        @Option(names = "--tenant", description = "The tenant the key belongs to (shown in the summary; the key decides)")
        String tenant;
        @Option(names = "--pipeline", required = true)
        String pipeline;
        @Option(names = "--file", required = true)
        Path file;
        @Option(names = "--dry-run", description = "Validate and report without writing to the core")
        boolean dryRun;
        @Option(names = "--wait", description = "Wait until the run has finished")
        boolean await;
        @Option(names = "--summary-json", description = "Print the summary as one JSON object")
        boolean summaryJson;
        @Option(names = "--max-quarantined", defaultValue = "0.10",
                description = "Exit 2 when more than this share of rows is quarantined (default ${DEFAULT-VALUE})")
        double maxQuarantined;
        @Option(names = "--timeout", defaultValue = "PT1H", description = "How long --wait waits (ISO-8601, default ${DEFAULT-VALUE})")
        Duration timeout;

        @Override
        public Integer call() throws InterruptedException {
            if (!Files.isRegularFile(file)) {
                throw new CliFailure("No such file: " + file);
            }
            ApiClient api = cli.api();
            Instant began = Instant.now();
            String type = file.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".xlsx")
                    ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv";
            JsonNode run = api.postFile("/api/v1/pipelines/" + ApiClient.part(pipeline) + "/runs"
                    + (dryRun ? "?dryRun=true" : ""), type, file).orFail().json();
            String id = run.path("id").asText();
            Instant deadline = began.plus(timeout);
            while (await && !finished(run) && Instant.now().isBefore(deadline)) {
                Thread.sleep(500); // polling a remote service: there is nothing local to wait on
                run = api.get("/api/v1/runs/" + ApiClient.part(id)).orFail().json();
            }
            ObjectNode summary = ApiClient.JSON.createObjectNode();
            summary.put("runId", id);
            if (tenant != null) {
                summary.put("tenant", tenant);
            }
            summary.put("pipeline", pipeline);
            summary.put("status", run.path("status").asText());
            summary.put("dryRun", dryRun);
            summary.set("counts", run.path("counts"));
            summary.set("warnings", run.has("warnings") ? run.get("warnings") : ApiClient.JSON.createArrayNode());
            summary.set("anomalies", run.has("anomalies") ? run.get("anomalies") : ApiClient.JSON.createArrayNode());
            if (run.has("error")) {
                summary.set("error", run.get("error"));
            }
            summary.put("durationSeconds", Duration.between(began, Instant.now()).toMillis() / 1000.0);
            if (summaryJson) {
                cli.out.println(summary.toString());
            } else {
                cli.print(summary);
            }
            return exitCode(run);
        }

        private int exitCode(JsonNode run) {
            String status = run.path("status").asText();
            if ("failed".equals(status) || "rolled_back".equals(status)) {
                return 1;
            }
            long read = run.path("counts").path("read").asLong();
            long quarantined = run.path("counts").path("quarantined").asLong();
            return read > 0 && (double) quarantined / read > maxQuarantined ? QUARANTINE_OVER : 0;
        }

        private static boolean finished(JsonNode run) {
            return Set.of("completed", "failed", "rolled_back").contains(run.path("status").asText());
        }
    }

    @Command(name = "runs", description = "List recent runs (newest first).")
    static class Runs implements Callable<Integer> {
        @ParentCommand
        ImporterCli cli;
        @Option(names = "--pipeline")
        String pipeline;
        @Option(names = "--status")
        String status;
        @Option(names = "--limit", defaultValue = "20")
        int limit;

        @Override
        public Integer call() {
            StringBuilder q = new StringBuilder("/api/v1/runs?limit=").append(limit);
            if (pipeline != null) {
                q.append("&pipeline=").append(ApiClient.part(pipeline));
            }
            if (status != null) {
                q.append("&status=").append(ApiClient.part(status));
            }
            cli.print(cli.api().get(q.toString()).orFail().json());
            return 0;
        }
    }

    @Command(name = "rollback", description = "Undo a completed run's changes to the core.")
    static class Rollback implements Callable<Integer> {
        @ParentCommand
        ImporterCli cli;
        @Parameters(paramLabel = "RUN", description = "The run id")
        String run;

        @Override
        public Integer call() {
            cli.print(cli.api().post("/api/v1/runs/" + ApiClient.part(run) + "/rollback", "application/json",
                    HttpRequest.BodyPublishers.ofString("")).orFail().json());
            return 0;
        }
    }

    @Command(name = "violations", description = "The quarantine inbox.", subcommands = Violations.Export.class)
    static class Violations {
        @ParentCommand
        ImporterCli cli;

        @Command(name = "export", description = "Open violations as CSV, to stdout or --out.")
        static class Export implements Callable<Integer> {
            @ParentCommand
            Violations parent;
            @Option(names = "--run")
            String run;
            @Option(names = "--rule")
            String rule;
            @Option(names = "--out")
            Path outFile;

            @Override
            public Integer call() throws java.io.IOException {
                StringBuilder q = new StringBuilder("/api/v1/violations/export?");
                if (run != null) {
                    q.append("runId=").append(ApiClient.part(run)).append('&');
                }
                if (rule != null) {
                    q.append("ruleCode=").append(ApiClient.part(rule));
                }
                String csv = parent.cli.api().get(q.toString()).orFail().body();
                if (outFile == null) {
                    parent.cli.out.print(csv);
                } else {
                    Files.writeString(outFile, csv);
                }
                return 0;
            }
        }
    }

    @Command(name = "keys", description = "API keys (admin key).", subcommands = Keys.Create.class)
    static class Keys {
        @ParentCommand
        ImporterCli cli;

        @Command(name = "create", description = "Issue a key; it is printed once.")
        static class Create implements Callable<Integer> {
            @ParentCommand
            Keys parent;
            @Option(names = "--name", required = true)
            String name;
            @Option(names = "--role", required = true, description = "admin, steward, operator, analyst or viewer")
            String role;
            @Option(names = "--owner", required = true, description = "The person's email address, or service:<name>")
            String owner;

            @Override
            public Integer call() {
                ObjectNode body = ApiClient.JSON.createObjectNode().put("name", name).put("role", role)
                        .put("owner", owner);
                parent.cli.print(parent.cli.api().post("/api/v1/api-keys", "application/json",
                        HttpRequest.BodyPublishers.ofString(body.toString())).orFail().json());
                return 0;
            }
        }
    }
}
