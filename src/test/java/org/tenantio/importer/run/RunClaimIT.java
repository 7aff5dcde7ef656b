package org.tenantio.importer.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.intake.ArchivedFile;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.system.TenantScope;
import org.tenantio.importer.importing.ImportRun;
import org.tenantio.importer.importing.RowChunks;

/**
 * A run is claimed by exactly one consumer: deliveries of the same run, at the same moment, make
 * one run that completes once; the others change nothing and fail nothing.
 */
class RunClaimIT extends ApiIntegrationTest {

    static final int ROWS = 12_000;

    @Autowired
    RunRepository runs;
    @Autowired
    RunQueue queue;
    @Autowired
    IntakeArchive archive;
    @Autowired
    ServiceInstance instance;

    ExecutorService threads;
    UUID pipeline;

    @BeforeEach
    void setUp() {
        threads = Executors.newFixedThreadPool(4);
        pipeline = jdbc.queryForObject("SELECT id FROM pipelines WHERE tenant_id = ? AND code = 'volunteers'", UUID.class,
                tenant.id());
    }

    @AfterEach
    void tearDown() {
        threads.shutdownNow();
    }

    @Test
    void ofFourSimultaneousClaimsOfOneRunExactlyOneWins() throws Exception {
        UUID run = queuedRun(10);
        CyclicBarrier start = new CyclicBarrier(4);
        List<Future<Boolean>> claims = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            claims.add(threads.submit(() -> {
                start.await();
                return TenantScope.call(tenant.id(), () -> runs.transition(run, RunStatus.VALIDATING, null));
            }));
        }
        int won = 0;
        for (Future<Boolean> claim : claims) {
            won += claim.get() ? 1 : 0;
        }

        assertThat(won).isEqualTo(1);
        assertThat(runs.lease(run).orElseThrow().get("owner_instance")).isEqualTo(instance.id());
        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_transitions WHERE run_id = ? AND to_status = 'validating'",
                Long.class, run)).isEqualTo(1);
    }

    @Test
    void aRunDeliveredThreeTimesAtOnceIsLoadedOnceAndCompletes() throws Exception {
        UUID run = queuedRun(ROWS);
        CyclicBarrier start = new CyclicBarrier(3);
        List<Future<Object>> sends = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Callable<Object> send = () -> {
                start.await();
                queue.enqueue(run);
                return null;
            };
            sends.add(threads.submit(send));
        }
        for (Future<Object> f : sends) {
            f.get();
        }

        JsonNode done = api.awaitRun(run.toString(), tenant.adminKey());

        assertThat(done.get("status").asText()).isEqualTo("completed");
        assertThat(done.get("counts").get("read").asLong()).isEqualTo(ROWS);
        assertThat(done.get("counts").get("inserted").asLong()).isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE tenant_id = ?", Long.class, tenant.id()))
                .isEqualTo(ROWS);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE run_id = ?", Long.class, run))
                .isEqualTo(ROWS);
        assertThat(jdbc.queryForList("SELECT to_status FROM run_transitions WHERE run_id = ? ORDER BY id", String.class, run))
                .containsExactly("queued", "validating", "running", "completed");
    }

    @Test
    void aSecondDeliveryOfAFinishedRunChangesNothing() {
        UUID run = queuedRun(5);
        queue.enqueue(run);
        JsonNode first = api.awaitRun(run.toString(), tenant.adminKey());
        assertThat(first.get("status").asText()).isEqualTo("completed");

        RowChunks again = TenantScope.call(tenant.id(), () -> {
            try {
                return importRunBean().start(run.toString());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });

        assertThat(again.claimed()).isFalse();
        assertThat(again.hasNext()).isFalse();
        assertThat(runs.find(tenant.id(), run).orElseThrow().status()).isEqualTo(RunStatus.COMPLETED);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM run_transitions WHERE run_id = ?", Long.class, run)).isEqualTo(4);
    }

    @Test
    void anInstanceThatLostItsRunToAnotherCommitsNoFurtherChunkAndDoesNotEndTheRun() {
        UUID run = queuedRun(60_000);
        queue.enqueue(run);
        await().atMost(Duration.ofMinutes(1)).until(() -> read(run) >= 1);

        // as a recovery elsewhere would after this instance's lease had expired
        jdbc.update("UPDATE runs SET owner_instance = 'usurper', lease_expires_at = now() + interval '1 hour' WHERE id = ?", run);

        // the worker finds out at its next chunk and lets go of the message
        await().atMost(Duration.ofMinutes(1)).until(() -> camel.getInflightRepository().size("import-run") == 0);
        long read = read(run);
        assertThat(read).isLessThan(60_000);
        assertThat(staged(run)).isEqualTo(read);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM core_records WHERE x_run_id = ?", Long.class, run)).isEqualTo(read);
        assertThat(runs.find(tenant.id(), run).orElseThrow().status()).isEqualTo(RunStatus.RUNNING);
        assertThat(runs.lease(run).orElseThrow().get("owner_instance")).isEqualTo("usurper");
        assertThat(jdbc.queryForList("SELECT to_status FROM run_transitions WHERE run_id = ? ORDER BY id", String.class, run))
                .containsExactly("queued", "validating", "running");
    }

    private long read(UUID run) {
        Long n = jdbc.queryForObject("SELECT (counts ->> 'read')::bigint FROM runs WHERE id = ?", Long.class, run);
        return n == null ? 0 : n;
    }

    private long staged(UUID run) {
        return jdbc.queryForObject("SELECT count(*) FROM staging_rows WHERE run_id = ?", Long.class, run);
    }

    @Autowired
    ImportRun importRun;
    @Autowired
    org.apache.camel.CamelContext camel;

    private ImportRun importRunBean() {
        return importRun;
    }

    /** Distinct names per row, so identity resolution finds no duplicates among them. */
    static String letters(int n) {
        StringBuilder s = new StringBuilder();
        do {
            s.append((char) ('a' + n % 26));
            n /= 26;
        } while (n > 0);
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    private UUID queuedRun(int rows) {
        StringBuilder csv = new StringBuilder("external_id,first_name,last_name,email\n");
        for (int i = 0; i < rows; i++) {
            csv.append("K-").append(i).append(',').append(letters(i)).append("a,").append(letters(i * 7 + 3))
                    .append("son,p").append(i).append("@example.org\n");
        }
        ArchivedFile file = archive.store(tenant.code(), "volunteers", "claim.csv",
                new ByteArrayInputStream(csv.toString().getBytes(StandardCharsets.UTF_8)));
        return runs.create(new NewRun(tenant.id(), pipeline, "upload", "test", "claim.csv", file.ref(), file.sha256(),
                file.sizeBytes(), false));
    }
}
