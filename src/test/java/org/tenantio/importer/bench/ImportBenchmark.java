package org.tenantio.importer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestTenants;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Import throughput and heap, measured against PostgreSQL's own COPY of the same file in the
 * same run. Not part of `mvn verify`; run with `mvn -Pbenchmark test` (docs/benchmarks.md).
 */
@Tag("benchmark")
@IntegrationTest
class ImportBenchmark {

    private static final List<String> FIRST = List.of("Ada", "Alan", "Grace", "Katherine", "Tim", "Margaret", "Linus",
            "Mary", "Dorothy", "Rosalind", "Émilie", "Srinivasa", "Hedy", "Chien-Shiung", "Barbara", "John");
    private static final List<String> LAST = List.of("Lovelace", "Turing", "Hopper", "Johnson", "Berners-Lee",
            "Hamilton", "Pauling", "Somerville", "Hodgkin", "Franklin", "du Châtelet", "Ramanujan", "Lamarr", "Wu");
    private static final List<String> CITIES = List.of("London", "Manchester", "Leeds", "Bristol", "Glasgow", "Cardiff");

    @LocalServerPort
    int port;
    @Autowired
    TestTenants tenants;
    @Autowired
    DataSource dataSource;

    @Test
    void importMillionRowsAgainstCopy() throws Exception {
        int rows = Integer.getInteger("bench.rows", 1_000_000);
        Path csv = generate(rows);
        long bytes = Files.size(csv);

        double copySeconds = copyIntoPlainTable(csv);

        TestTenant tenant = tenants.create("bench");
        if ("off".equals(System.getProperty("bench.matching"))) {
            // -Dbench.matching=off: the load path alone, without identity resolution
            new org.springframework.jdbc.core.JdbcTemplate(dataSource).update(
                    "UPDATE pipelines SET options = options || '{\"matching\": \"off\"}' WHERE tenant_id = ? AND code = 'volunteers'",
                    tenant.id());
        }
        Api api = new Api(port);
        resetPeaks();
        AfterGcPeak afterGc = AfterGcPeak.listen();
        long start = System.nanoTime();
        Api.Response started = api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "text/csv", csv);
        JsonNode run = api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), java.time.Duration.ofMinutes(30));
        double importSeconds = (System.nanoTime() - start) / 1e9;
        long peakHeap = peakHeapUsed();
        long peakAfterGc = afterGc.stop();

        assertThat(run.get("status").asText()).isEqualTo("completed");
        // Its few names and shared phone numbers make some rows look alike: matching may merge or flag them.
        JsonNode c = run.get("counts");
        assertThat(c.get("inserted").asLong() + c.path("merged").asLong() + c.path("review").asLong()).isEqualTo(rows);

        double importRate = rows / importSeconds;
        double copyRate = rows / copySeconds;
        System.out.printf("%n=== import benchmark: %,d rows, %.1f MB ===%n", rows, bytes / 1e6);
        System.out.printf("PostgreSQL COPY into a plain table: %8.2f s  %,10.0f rows/s%n", copySeconds, copyRate);
        System.out.printf("Import through the pipeline:        %8.2f s  %,10.0f rows/s%n", importSeconds, importRate);
        System.out.printf("Ratio import/COPY:                  %8.3f  (COPY is %.1fx faster)%n", importRate / copyRate, copyRate / importRate);
        System.out.printf("Peak heap after GC during import:   %8.0f MB of max %d MB (live data: the flat-heap figure)%n",
                peakAfterGc / 1e6, Runtime.getRuntime().maxMemory() / (1 << 20));
        System.out.printf("Sum of heap pool peaks:             %8.0f MB (upper bound, includes garbage)%n", peakHeap / 1e6);
        System.out.printf("Counts: %s%n%n", run.get("counts"));
    }

    private double copyIntoPlainTable(Path csv) throws Exception {
        try (var con = dataSource.getConnection(); var st = con.createStatement()) {
            st.execute("DROP TABLE IF EXISTS bench_copy");
            st.execute("CREATE TEMP TABLE bench_copy (external_id text, first_name text, last_name text, email text, phone text,"
                    + " date_of_birth text, street text, city text, state text, postal_code text, country text)");
            long start = System.nanoTime();
            try (Reader reader = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
                con.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY bench_copy FROM STDIN (FORMAT csv, HEADER true)", reader);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            st.execute("DROP TABLE bench_copy");
            return seconds;
        }
    }

    private static Path generate(int rows) throws IOException {
        Path file = Path.of("target/bench/persons-" + rows + ".csv");
        if (Files.exists(file)) {
            return file;
        }
        Files.createDirectories(file.getParent());
        Random random = new Random(42);
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("external_id,first_name,last_name,email,phone,date_of_birth,street,city,state,postal_code,country\n");
            for (int i = 0; i < rows; i++) {
                String first = FIRST.get(random.nextInt(FIRST.size()));
                String last = LAST.get(random.nextInt(LAST.size()));
                w.write("P-" + i + "," + first + "," + last + "," + ascii(first) + "." + ascii(last) + "." + i + "@example.org,"
                        + "+44 20 7946 0" + String.format("%03d", random.nextInt(1000)) + ","
                        + (1950 + random.nextInt(55)) + "-" + String.format("%02d", 1 + random.nextInt(12)) + "-"
                        + String.format("%02d", 1 + random.nextInt(28)) + ","
                        + (1 + random.nextInt(200)) + " High Street," + CITIES.get(random.nextInt(CITIES.size()))
                        + ",,SW1A " + (1 + random.nextInt(9)) + "AA,GB\n");
            }
        }
        return file;
    }

    private static String ascii(String s) {
        return java.text.Normalizer.normalize(s, java.text.Normalizer.Form.NFD).replaceAll("[^A-Za-z]", "").toLowerCase();
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
