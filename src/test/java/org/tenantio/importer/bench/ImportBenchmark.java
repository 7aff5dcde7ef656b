package org.tenantio.importer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.batch.core.StepExecution;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestTenants;
import org.tenantio.importer.support.TestTenants.TestTenant;
import org.tenantio.importer.system.DatabaseConfiguration;

/**
 * The import against the alternatives, on one server and one generated file of N distinct
 * people (docs/benchmarks.md): (a) PostgreSQL's COPY into a plain table, (b) the reference
 * Spring Batch job, (c) this service through the shipped sample pipeline, matching on, (d) the
 * same file again, (e) 100,000 rows of which 10,000 are people of (c) sent by another system.
 * Prints rows/s, the ratios, and heap use. Not part of {@code mvn verify}:
 * {@code mvn -Pbenchmark test -Dtest=ImportBenchmark -Dbench.rows=100000}.
 */
@Tag("benchmark")
@IntegrationTest
class ImportBenchmark {

    @LocalServerPort
    int port;
    @Autowired
    TestTenants tenants;
    DataSource login;

    /**
     * The schema owner, pooled as an application's DataSource would be (the reference job opens
     * a connection per chunk): the application's role may not create the reference tables.
     */
    @Autowired
    void owner(@Qualifier(DatabaseConfiguration.MIGRATION) DataSource owner) {
        com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
        config.setDataSource(owner);
        config.setMaximumPoolSize(2);
        config.setPoolName("bench-owner");
        login = new com.zaxxer.hikari.HikariDataSource(config);
    }

    @org.junit.jupiter.api.AfterEach
    void closeOwnerPool() {
        ((com.zaxxer.hikari.HikariDataSource) login).close();
    }

    /** The server the figures are for, as printed. */
    String server() {
        return "embedded PostgreSQL";
    }

    @Test
    void importAgainstCopyAndSpringBatch() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        int returningRows = Integer.getInteger("bench.returning.rows", Math.min(100_000, rows));
        int existing = Integer.getInteger("bench.returning.existing", returningRows / 10);
        Path csv = PersonFiles.distinct(rows);
        Path returning = PersonFiles.returning(returningRows, existing, rows);
        List<String> report = new ArrayList<>();
        List<Runnable> checks = new ArrayList<>();
        String version = new JdbcTemplate(login).queryForObject("SHOW server_version", String.class);
        report.add(String.format("%n=== import benchmark on %s %s: %,d distinct people, %.1f MB, heap max %d MB, %d cores ===",
                server(), version, rows, Files.size(csv) / 1e6, Runtime.getRuntime().maxMemory() >> 20,
                Runtime.getRuntime().availableProcessors()));
        report.add("load average before: " + loadAverage());

        double copy = rows / copyIntoPlainTable(csv);
        report.add(line("(a) COPY into a plain table", rows, rows / copy, copy, copy, Double.NaN, null));

        long start = System.nanoTime();
        StepExecution batch = SpringBatchReference.run(login, csv);
        double batchRate = rows / seconds(start);
        report.add(line("(b) Spring Batch reference job", rows, rows / batchRate, batchRate, copy, batchRate,
                "written " + batch.getWriteCount() + ", filtered " + batch.getFilterCount()));
        long batchWritten = batch.getWriteCount();
        checks.add(() -> assertThat(batchWritten).as("Spring Batch rows written").isEqualTo(rows));

        TestTenant tenant = tenants.create("bench");
        if ("off".equals(System.getProperty("bench.matching"))) {
            new JdbcTemplate(login).update(
                    "UPDATE pipelines SET options = options || '{\"matching\": \"off\"}' WHERE tenant_id = ? AND code = 'volunteers'",
                    tenant.id());
        }
        Api api = new Api(port);

        Timed first = importFile(api, tenant, csv);
        report.add(line("(c) this service, first import", rows, first.seconds, rows / first.seconds, copy, batchRate,
                first.describe()));
        JsonNode c1 = first.run.get("counts");
        checks.add(() -> assertThat(first.run.get("status").asText()).isEqualTo("completed"));
        checks.add(() -> assertThat(c1.path("inserted").asLong() + c1.path("merged").asLong() + c1.path("review").asLong())
                .as("every row of the first import inserted, merged or sent to review").isEqualTo(rows));

        Timed again = importFile(api, tenant, csv);
        report.add(line("(d) the same file again", rows, again.seconds, rows / again.seconds, copy, batchRate,
                again.describe()));
        checks.add(() -> assertThat(again.run.get("counts").path("unchanged").asLong()).as("second import unchanged")
                .isEqualTo(rows));

        Timed known = importFile(api, tenant, returning);
        report.add(line("(e) " + existing + " known of " + returningRows + " vs the core", returningRows, known.seconds,
                returningRows / known.seconds, copy, batchRate, known.describe()
                        + String.format(", %.2fx the first import's rows/s", (returningRows / known.seconds) / (rows / first.seconds))));
        checks.add(() -> assertThat(known.run.get("counts").path("merged").asLong()).as("known people found and merged")
                .isEqualTo(existing));

        report.add("load average after: " + loadAverage());
        report.forEach(System.out::println);
        System.out.println();
        checks.forEach(Runnable::run);
    }

    private record Timed(JsonNode run, double seconds, long afterGcPeak, long poolPeaks) {
        String describe() {
            return String.format("heap after GC %d MB (pool peaks %d MB); counts %s", afterGcPeak >> 20, poolPeaks >> 20,
                    run.get("counts"));
        }
    }

    private Timed importFile(Api api, TestTenant tenant, Path file) {
        StatementProfile statements = StatementProfile.start(login);
        resetPeaks();
        AfterGcPeak afterGc = AfterGcPeak.listen();
        long start = System.nanoTime();
        Api.Response started = api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "text/csv", file);
        JsonNode run = api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), Duration.ofMinutes(60));
        double seconds = seconds(start);
        statements.print(file.getFileName().toString());
        return new Timed(run, seconds, afterGc.stop(), peakHeapUsed());
    }

    private static String line(String what, int rows, double seconds, double rate, double copy, double batch, String notes) {
        return String.format("%-40s %,9d rows %8.2f s %,10.0f rows/s  %6.3fx COPY  %6.2fx Spring Batch%s", what, rows,
                seconds, rate, rate / copy, Double.isNaN(batch) ? Double.NaN : rate / batch, notes == null ? "" : "  " + notes);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (java.io.IOException e) {
            return String.format("%.2f", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private double copyIntoPlainTable(Path csv) throws Exception {
        try (var con = login.getConnection(); var st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_copy");
            st.execute("CREATE TEMP TABLE bench_copy (external_id text, first_name text, last_name text, email text, phone text,"
                    + " date_of_birth text, street text, city text, state text, postal_code text, country text)");
            long start = System.nanoTime();
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                con.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)", reader);
            }
            double seconds = seconds(start);
            st.execute("DROP TABLE bench_copy");
            return seconds;
        }
    }

    private static void resetPeaks() {
        System.gc();
        ManagementFactory.getMemoryPoolMXBeans().forEach(MemoryPoolMXBean::resetPeakUsage);
    }

    /** The largest heap in use right after any garbage collection while listening: live data plus what survived. */
    static final class AfterGcPeak implements javax.management.NotificationListener {
        private static final java.util.Set<String> HEAP_POOLS = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName)
                .collect(java.util.stream.Collectors.toSet()); // not Metaspace or code cache
        private final java.util.concurrent.atomic.AtomicLong peak = new java.util.concurrent.atomic.AtomicLong();

        static AfterGcPeak listen() {
            AfterGcPeak listener = new AfterGcPeak();
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc ->
                    ((javax.management.NotificationEmitter) gc).addNotificationListener(listener, null, null));
            return listener;
        }

        @Override
        public void handleNotification(javax.management.Notification n, Object handback) {
            if (com.sun.management.GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                var info = com.sun.management.GarbageCollectionNotificationInfo.from(
                        (javax.management.openmbean.CompositeData) n.getUserData());
                long used = info.getGcInfo().getMemoryUsageAfterGc().entrySet().stream()
                        .filter(e -> HEAP_POOLS.contains(e.getKey()))
                        .mapToLong(e -> e.getValue().getUsed()).sum();
                peak.accumulateAndGet(used, Math::max);
            }
        }

        long stop() {
            ManagementFactory.getGarbageCollectorMXBeans().forEach(gc -> {
                try {
                    ((javax.management.NotificationEmitter) gc).removeNotificationListener(this);
                } catch (javax.management.ListenerNotFoundException e) {
                    // not registered on this collector
                }
            });
            return peak.get();
        }
    }

    /** Sum of the heap pools' peaks: an upper bound on the heap in use at any moment. */
    private static long peakHeapUsed() {
        return ManagementFactory.getMemoryPoolMXBeans().stream().filter(p -> p.getType() == MemoryType.HEAP)
                .mapToLong(p -> p.getPeakUsage().getUsed()).sum();
    }
}
