package org.tenantio.importer.bench;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.identity.BlockingKeys;
import org.tenantio.importer.identity.MatchConfigs;
import org.tenantio.importer.identity.MatchRules;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.FebrlImport;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestTenants;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Identity resolution measured against outside truth: the FEBRL data sets go through the real
 * pipeline (upload, map, validate, load, match) with the person contract's one match
 * configuration, and the resulting clusters are compared pairwise with the ground truth in
 * rec_id. Then throughput: a 100,000-row file matched against 1,000,000 existing core persons.
 * Run with {@code mvn -Pbenchmark test -Dtest=IdentityBenchmark} (docs/benchmarks.md).
 */
@Tag("benchmark")
@IntegrationTest
class IdentityBenchmark {

    private static final Path FEBRL = Path.of(System.getProperty("febrl.dir",
            Files.isDirectory(Path.of("../shared/data/febrl")) ? "../shared/data/febrl" : "/work/shared/data/febrl"));

    @LocalServerPort
    int port;
    @Autowired
    TestTenants tenants;
    @Autowired
    PipelineRepository pipelines;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    MatchConfigs configs;
    @Autowired
    FebrlImport febrl;
    @Autowired
    org.tenantio.importer.identity.MatchKeyHasher hasher;
    @Autowired
    org.tenantio.importer.db.PostgresCopy copy;
    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Test
    void febrlAccuracyAndThroughput() throws Exception {
        List<String> lines = new ArrayList<>();
        for (List<String> files : List.of(List.of("dataset1.csv"), List.of("dataset2.csv"),
                List.of("dataset4a.csv", "dataset4b.csv"))) {
            if (System.getProperty("bench.skipFebrl") == null) {
                lines.add(accuracy(files));
            }
        }
        System.out.printf("%n=== identity resolution: FEBRL, pairwise against rec_id ===%n");
        System.out.printf("%-26s %7s %7s | %-26s | %-26s | %s%n", "dataset", "rows", "quar.", "auto-merge P / R / F1",
                "auto + review P / R / F1", "counts");
        lines.forEach(System.out::println);
        if (Integer.getInteger("bench.core", 1_000_000) > 0) {
            System.out.println(throughput(Integer.getInteger("bench.core", 1_000_000), Integer.getInteger("bench.rows", 100_000)));
        }
    }

    private String accuracy(List<String> files) {
        FebrlImport.Result r = febrl.run(port, files.stream().map(FEBRL::resolve).toList());
        r.runs().forEach(run -> assertThat(run.get("status").asText()).isEqualTo("completed"));
        StringBuilder counts = new StringBuilder();
        r.runs().forEach(run -> counts.append(run.get("counts").toString().replace("\"", "")).append(' '));
        return String.format("%-26s %7d %7d | %-26s | %-26s | %s households %d, %.1f s", String.join("+", files), r.rows(),
                r.quarantined(), r.auto(), r.withReview(), counts, r.householdLinks(), r.seconds());
    }

    // ---- throughput: a file matched against a large existing core ----

    private static final String[] SYLLABLES = {"ka", "lo", "mi", "ra", "ten", "bor", "vel", "sa", "dun", "fi", "gre",
            "hol", "jo", "ne", "pa", "qui", "ros", "tu", "wil", "zan", "el", "an", "mar", "cus", "ly", "be", "th", "ia"};

    private static String name(Random random, int syllables) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < syllables; i++) {
            sb.append(SYLLABLES[random.nextInt(SYLLABLES.length)]);
        }
        return Character.toUpperCase(sb.charAt(0)) + sb.substring(1);
    }

    /** Person i of the synthetic population: the same i always gives the same person. */
    private static Map<String, String> person(int i) {
        Random random = new Random(i * 7919L + 17);
        Map<String, String> p = new LinkedHashMap<>();
        p.put("first_name", name(random, 2));
        p.put("last_name", name(random, 3));
        p.put("email", "p" + i + "." + p.get("last_name").toLowerCase() + "@example.org");
        p.put("date_of_birth", String.format("%d-%02d-%02d", 1940 + random.nextInt(65), 1 + random.nextInt(12),
                1 + random.nextInt(28)));
        p.put("street", (1 + random.nextInt(300)) + " " + name(random, 2) + " Road");
        p.put("city", name(random, 2));
        p.put("postal_code", String.valueOf(1000 + random.nextInt(9000)));
        p.put("country", "GB");
        return p;
    }

    private String throughput(int core, int rows) throws Exception {
        TestTenant tenant = tenants.create("identity-bench");
        MatchRules rules = configs.find(tenant.id(), "person").orElseThrow();
        long seedStart = System.nanoTime();
        seed(tenant.id(), rules, core);
        double seedSeconds = (System.nanoTime() - seedStart) / 1e9;
        Path file = Path.of("target/bench/identity-" + rows + "-vs-" + core + ".csv");
        Files.createDirectories(file.getParent());
        Random random = new Random(7);
        int duplicates = 0;
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("external_id,first_name,last_name,email,phone,date_of_birth,street,city,state,postal_code,country\n");
            for (int i = 0; i < rows; i++) {
                boolean duplicate = i % 10 == 0;
                Map<String, String> p = person(duplicate ? random.nextInt(core) : core + i);
                if (duplicate) {
                    duplicates++;
                    p.put("email", "other" + i + "@example.net"); // the same person from another system
                }
                w.write("N-" + i + "," + p.get("first_name") + "," + p.get("last_name") + "," + p.get("email") + ",,"
                        + p.get("date_of_birth") + "," + p.get("street") + "," + p.get("city") + ",," + p.get("postal_code")
                        + ",GB\n");
            }
        }
        Api api = new Api(port);
        long start = System.nanoTime();
        Api.Response started = api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(), "text/csv", file);
        JsonNode run = api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), Duration.ofMinutes(30));
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(run.get("status").asText()).isEqualTo("completed");
        return String.format("%n=== identity resolution throughput ===%n"
                        + "existing core persons: %,d (seeded by COPY with their match keys in %.1f s)%n"
                        + "file: %,d rows, %,d of them another system's record of an existing person%n"
                        + "import with matching: %.1f s, %,.0f rows/s%ncounts: %s%n",
                core, seedSeconds, rows, duplicates, seconds, rows / seconds, run.get("counts"));
    }

    /** COPYs the population straight into core_records, external_id_map and match_keys. */
    private void seed(UUID tenantId, MatchRules rules, int core) throws Exception {
        ObjectMapper json = new ObjectMapper();
        int batch = 100_000;
        for (int from = 0; from < core; from += batch) {
            StringBuilder records = new StringBuilder();
            StringBuilder ids = new StringBuilder();
            StringBuilder keys = new StringBuilder();
            for (int i = from; i < Math.min(core, from + batch); i++) {
                Map<String, String> p = person(i);
                p.put("email", p.get("email").toLowerCase());
                UUID id = new UUID(0x5EEDL, i);
                String attributes = json.writeValueAsString(p).replace("\"", "\"\"");
                records.append(id).append(',').append(tenantId).append(",person,\"").append(attributes).append("\",seed-")
                        .append(i).append(',').append(tenantId).append('\n');
                ids.append(tenantId).append(",person,seed,S-").append(i).append(',').append(id).append('\n');
                for (BlockingKeys.Key k : BlockingKeys.of(rules, p)) {
                    keys.append(tenantId).append(",person,").append(hasher.hash(k)).append(',').append(id).append('\n');
                }
            }
            // Row-level security refuses COPY FROM into the tables themselves: copyInto goes through a
            // temporary twin, in the tenant's scope, as the service's own writes do.
            org.tenantio.importer.system.TenantScope.run(tenantId, () -> tx.executeWithoutResult(status -> {
                copy.copyInto("core_records", "id, tenant_id, entity_type, attributes, content_hash, x_tenant_id",
                        records.toString());
                copy.copyInto("external_id_map", "tenant_id, entity_type, external_system, external_id, core_id",
                        ids.toString());
                copy.copyInto("match_keys", "tenant_id, entity_type, key_hash, core_id", keys.toString());
            }));
        }
        jdbc.execute("ANALYZE core_records, external_id_map, match_keys");
    }
}
