package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tenantio.importer.run.ServiceProcesses.KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.TestFolders;

/**
 * The service is killed (SIGKILL) half-way through a run and started again: once the dead
 * instance's lease has expired the run is found, failed and rolled back, never left "running",
 * and nothing it wrote stays in the core. The service runs as a separate JVM on a PostgreSQL
 * this test starts, as in production.
 */
class RunCrashIT {

    ServiceProcesses services;

    @AfterEach
    void tearDown() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void aRunInterruptedByAKilledProcessIsRolledBackAtTheNextStart() throws Exception {
        services = new ServiceProcesses(TestFolders.ROOT.resolve("crash"));
        JdbcTemplate db = new JdbcTemplate((DataSource) services.postgres.getPostgresDatabase());
        Path csv = services.root.resolve("people.csv");
        StringBuilder text = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = 0; i < 300_000; i++) {
            text.append("C-").append(i).append(",Ada,Lovelace,ada").append(i).append("@example.org\n");
        }
        Files.writeString(csv, text);

        ServiceProcesses.Instance first = services.start("first");
        Api api = first.api();
        String runId = api.postFile("/api/v1/pipelines/volunteers/runs", KEY, "text/csv", csv).json().get("id").asText();
        await().atMost(Duration.ofMinutes(2)).until(() -> api.get("/api/v1/runs/" + runId, KEY).json()
                .path("counts").path("inserted").asLong() >= 3000);
        first.kill();

        assertThat(db.queryForObject("SELECT status FROM runs WHERE id = ?::uuid", String.class, runId)).isEqualTo("running");
        assertThat(db.queryForObject("SELECT count(*) FROM core_records", Long.class)).isPositive();

        ServiceProcesses.Instance second = services.start("second");
        JsonNode run = second.api().awaitRunWithin(runId, KEY, Duration.ofMinutes(1));

        assertThat(run.get("status").asText()).isEqualTo("rolled_back");
        assertThat(run.get("error").get("code").asText()).isEqualTo("interrupted");
        assertThat(db.queryForObject("SELECT count(*) FROM core_records", Long.class)).isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM external_id_map", Long.class)).isZero();
    }
}
