package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.tenantio.importer.run.ServiceProcesses.KEY;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.TestFolders;

/**
 * Two service instances (separate JVMs) on one database. An instance starting next to a busy one
 * leaves that one's live run alone; when the busy one is killed, the survivor takes its run over
 * only once the dead instance's lease has expired, and handles it by the pipeline's crash policy:
 * rolled back by default, or resumed after the committed chunks so every row is loaded exactly once.
 */
class RunInstancesIT {

    ServiceProcesses services;
    JdbcTemplate db;

    @AfterEach
    void tearDown() throws Exception {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theSurvivorTakesOverOnlyTheDeadInstancesRunAndOnlyAfterItsLeaseExpires() throws Exception {
        services = new ServiceProcesses(TestFolders.ROOT.resolve("instances"));
        db = new JdbcTemplate((DataSource) services.postgres.getPostgresDatabase());
        Path big = people("big.csv", "B-", 200_000);
        Path small = people("small.csv", "S-", 5_000);

        ServiceProcesses.Instance first = services.start("first");
        String busy = upload(first.api(), big);
        await().atMost(Duration.ofMinutes(2)).until(() -> read(busy) >= 3000);

        // A second instance starts and recovers next to the busy one, and runs a file of its own.
        ServiceProcesses.Instance second = services.start("second");
        long readWhenSecondWasUp = read(busy);
        String own = upload(second.api(), small);
        JsonNode ownRun = second.api().awaitRunWithin(own, KEY, Duration.ofMinutes(3));
        assertThat(ownRun.get("status").asText()).isEqualTo("completed");
        assertThat(ownRun.get("counts").get("read").asLong()).isEqualTo(5_000);
        // A chunk of the busy run can take a minute on a loaded 2-core machine with matching on.
        await().atMost(Duration.ofMinutes(4)).until(() -> read(busy) > readWhenSecondWasUp);
        assertThat(owner(busy)).startsWith("first:");
        assertThat(status(busy)).isEqualTo("running");

        first.kill();
        OffsetDateTime leaseEnd = db.queryForObject("SELECT lease_expires_at FROM runs WHERE id = ?::uuid",
                OffsetDateTime.class, busy);

        JsonNode taken = second.api().awaitRunWithin(busy, KEY, Duration.ofMinutes(2));
        assertThat(taken.get("status").asText()).isEqualTo("rolled_back");
        assertThat(taken.get("error").get("code").asText()).isEqualTo("interrupted");
        assertThat(owner(busy)).startsWith("second:");
        OffsetDateTime failedAt = db.queryForObject("""
                SELECT created_at FROM run_transitions WHERE run_id = ?::uuid AND to_status = 'failed'""",
                OffsetDateTime.class, busy);
        assertThat(failedAt).isAfterOrEqualTo(leaseEnd);
        assertThat(db.queryForObject("SELECT count(*) FROM core_records WHERE x_run_id = ?::uuid", Long.class, busy)).isZero();
        assertThat(db.queryForObject("SELECT count(*) FROM external_id_map WHERE external_id LIKE 'B-%'", Long.class)).isZero();
        // the survivor's own run is untouched by the recovery
        assertThat(status(own)).isEqualTo("completed");
        assertThat(db.queryForObject("SELECT count(*) FROM external_id_map WHERE external_id LIKE 'S-%'", Long.class))
                .isEqualTo(5_000);

        // Crash policy resume: a third instance finishes the run the killed second one was loading.
        db.update("UPDATE pipelines SET options = options || '{\"onCrash\": \"resume\"}'::jsonb WHERE code = 'volunteers'");
        // The third instance is up before the run starts, and the second is killed at its first
        // committed chunks: on a quiet machine the whole file would otherwise finish first.
        ServiceProcesses.Instance third = services.start("third");
        Path resumable = people("resumable.csv", "R-", 60_000);
        String resumed = upload(second.api(), resumable);
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50)).until(() -> read(resumed) >= 2000);
        second.kill();

        JsonNode finished = third.api().awaitRunWithin(resumed, KEY, Duration.ofMinutes(5));
        assertThat(finished.get("status").asText()).isEqualTo("completed");
        assertThat(finished.get("counts").get("read").asLong()).isEqualTo(60_000);
        assertThat(finished.get("counts").get("inserted").asLong()).isEqualTo(60_000);
        assertThat(db.queryForObject("SELECT count(*) FROM external_id_map WHERE external_id LIKE 'R-%'", Long.class))
                .isEqualTo(60_000);
        assertThat(db.queryForObject("SELECT count(*) FROM staging_rows WHERE run_id = ?::uuid", Long.class, resumed))
                .isEqualTo(60_000);
        List<String> path = db.queryForList("SELECT to_status FROM run_transitions WHERE run_id = ?::uuid ORDER BY id",
                String.class, resumed);
        assertThat(path).containsExactly("queued", "validating", "running", "queued", "validating", "running", "completed");
        assertThat(owner(resumed)).startsWith("third:");
    }

    private Path people(String name, String prefix, int rows) throws Exception {
        StringBuilder text = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = 0; i < rows; i++) {
            text.append(prefix).append(i).append(',').append(RunClaimIT.letters(i)).append("a,")
                    .append(RunClaimIT.letters(i * 7 + 3)).append("son,").append(prefix.charAt(0)).append(i)
                    .append("@example.org\n");
        }
        return Files.writeString(services.root.resolve(name), text);
    }

    private static String upload(Api api, Path file) {
        Api.Response r = api.postFile("/api/v1/pipelines/volunteers/runs", KEY, "text/csv", file);
        assertThat(r.status()).as(r.body()).isEqualTo(202);
        return r.json().get("id").asText();
    }

    private long read(String run) {
        Long n = db.queryForObject("SELECT (counts ->> 'read')::bigint FROM runs WHERE id = ?::uuid", Long.class, run);
        return n == null ? 0 : n;
    }

    private String owner(String run) {
        return db.queryForObject("SELECT owner_instance FROM runs WHERE id = ?::uuid", String.class, run);
    }

    private String status(String run) {
        return db.queryForObject("SELECT status FROM runs WHERE id = ?::uuid", String.class, run);
    }
}
