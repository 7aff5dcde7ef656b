package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.TestFolders;

/**
 * The service is killed (SIGKILL) half-way through a run and started again: the run is found at
 * start-up, failed and rolled back, never left "running", and nothing it wrote stays in the core.
 * The service runs as a separate JVM on a PostgreSQL this test starts, as in production.
 */
class RunCrashIT {

    static final String KEY = "imp_0123456789ab_crash-test-key-000000000000000000000000000";

    final Path root = TestFolders.ROOT.resolve("crash");
    final List<Process> processes = new ArrayList<>();
    EmbeddedPostgres postgres;

    @AfterEach
    void tearDown() throws IOException {
        processes.forEach(Process::destroyForcibly);
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aRunInterruptedByAKilledProcessIsRolledBackAtTheNextStart() throws Exception {
        postgres = EmbeddedPostgres.builder().setDataDirectory(root.resolve("pg")).start();
        JdbcTemplate db = new JdbcTemplate((DataSource) postgres.getPostgresDatabase());
        int port = freePort();
        Api api = new Api(port);
        Path csv = Files.createDirectories(root).resolve("people.csv");
        StringBuilder text = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = 0; i < 300_000; i++) {
            text.append("C-").append(i).append(",Ada,Lovelace,ada").append(i).append("@example.org\n");
        }
        Files.writeString(csv, text);

        Process first = start(port, "first");
        String runId = api.postFile("/api/v1/pipelines/volunteers/runs", KEY, "text/csv", csv).json().get("id").asText();
        await().atMost(Duration.ofMinutes(2)).until(() -> api.get("/api/v1/runs/" + runId, KEY).json()
                .path("counts").path("inserted").asLong() >= 3000);
        first.destroyForcibly().waitFor();

        assertThat(db.queryForObject("SELECT status FROM runs WHERE id = ?::uuid", String.class, runId)).isEqualTo("running");
        assertThat(db.queryForObject("SELECT count(*) FROM core_records", Long.class)).isPositive();

        start(port, "second");
        JsonNode run = api.awaitRunWithin(runId, KEY, Duration.ofMinutes(1));

        assertThat(run.get("status").asText()).isEqualTo("rolled_back");
        assertThat(run.get("error").get("code").asText()).isEqualTo("interrupted");
        assertThat(db.queryForObject("SELECT count(*) FROM core_records", Long.class)).isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM external_id_map", Long.class)).isZero();
    }

    private Process start(int port, String name) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = List.of(java, "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", System.getProperty("java.class.path"), "org.tenantio.importer.ImporterApplication",
                "--server.port=" + port,
                "--spring.datasource.url=" + postgres.getJdbcUrl("postgres", "postgres"),
                "--spring.datasource.username=postgres",
                "--importer.inbox=" + root.resolve("inbox"),
                "--importer.archive=" + root.resolve("archive"),
                "--importer.rejected=" + root.resolve("rejected"),
                "--importer.chunk-size=1000",
                "--importer.bootstrap-api-key=" + KEY);
        Process process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(root.resolve(name + ".log").toFile()).start();
        processes.add(process);
        Api api = new Api(port);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).ignoreExceptions()
                .until(() -> "UP".equals(api.get("/actuator/health", null).json().path("status").asText()));
        return process;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
