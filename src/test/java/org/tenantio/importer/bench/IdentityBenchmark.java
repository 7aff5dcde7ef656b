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
        TestTenant tenant = tenants.create("febrl");
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "febrl", "FEBRL", "import", List.of("csv"), "person",
                "shared/febrl.yaml", "active", Map.of("disabledRules", List.of("REQ-001"),
                        "ruleModes", Map.of("DOM-201", "warn"))), "bench", "identity benchmark");
        Api api = new Api(port);
        Map<String, String> truth = new LinkedHashMap<>();
        List<JsonNode> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (String file : files) {
            Path path = FEBRL.resolve(file);
            truth.putAll(truthOf(path));
            Api.Response started = api.postFile("/api/v1/pipelines/febrl/runs", tenant.adminKey(), "text/csv", path);
            runs.add(api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), Duration.ofMinutes(10)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        runs.forEach(r -> assertThat(r.get("status").asText()).isEqualTo("completed"));
        Map<String, String> auto = new HashMap<>();
        jdbc.query("SELECT external_id, core_id::text FROM external_id_map WHERE tenant_id = ? AND external_system = 'febrl'",
                rs -> {
                    auto.put(rs.getString(1), rs.getString(2));
                }, tenant.id());
        UnionFind review = new UnionFind();
        auto.values().forEach(review::find);
        jdbc.query("SELECT left_id::text, right_id::text FROM dedupe_suggestions WHERE tenant_id = ? AND status = 'pending'",
                rs -> {
                    review.union(rs.getString(1), rs.getString(2));
                }, tenant.id());
        Map<String, String> withReview = new HashMap<>();
        auto.forEach((rec, core) -> withReview.put(rec, review.find(core)));
        long quarantined = runs.stream().mapToLong(r -> r.get("counts").get("quarantined").asLong()).sum();
        StringBuilder counts = new StringBuilder();
        runs.forEach(r -> counts.append(r.get("counts").toString().replace("\"", "")).append(' '));
        return String.format("%-26s %7d %7d | %-26s | %-26s | %s %.1f s", String.join("+", files), truth.size(),
                quarantined, Pairwise.of(auto, truth), Pairwise.of(withReview, truth), counts, seconds);
    }

    /** rec-12-org and rec-12-dup-0 are the same person: cluster 12. */
    private static Map<String, String> truthOf(Path file) {
        Map<String, String> truth = new LinkedHashMap<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            r.readLine();
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                String rec = line.substring(0, line.indexOf(',')).trim();
                truth.put(rec, rec.split("-")[1]);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return truth;
    }

    /** Pairwise precision, recall and F1 of predicted clusters against the truth, over every record in the truth. */
    record Pairwise(double precision, double recall, double f1) {
        static Pairwise of(Map<String, String> predicted, Map<String, String> truth) {
            Map<String, Long> predictedSizes = new HashMap<>();
            Map<String, Long> truthSizes = new HashMap<>();
            Map<String, Long> both = new HashMap<>();
            truth.forEach((rec, cluster) -> {
                truthSizes.merge(cluster, 1L, Long::sum);
                String p = predicted.get(rec);
                if (p != null) {
                    predictedSizes.merge(p, 1L, Long::sum);
                    both.merge(p + "/" + cluster, 1L, Long::sum);
                }
            });
            double tp = pairs(both);
            double predictedPairs = pairs(predictedSizes);
            double truePairs = pairs(truthSizes);
            double precision = predictedPairs == 0 ? 1 : tp / predictedPairs;
            double recall = truePairs == 0 ? 1 : tp / truePairs;
            return new Pairwise(precision, recall, precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall));
        }

        private static double pairs(Map<String, Long> sizes) {
            return sizes.values().stream().mapToDouble(n -> n * (n - 1) / 2.0).sum();
        }

        @Override
        public String toString() {
            return String.format("%.4f / %.4f / %.4f", precision, recall, f1);
        }
    }

    static final class UnionFind {
        private final Map<String, String> parent = new HashMap<>();

        String find(String x) {
            String p = parent.computeIfAbsent(x, k -> k);
            if (!p.equals(x)) {
                p = find(p);
                parent.put(x, p);
            }
            return p;
        }

        void union(String a, String b) {
            parent.put(find(a), find(b));
        }
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
                    keys.append(tenantId).append(",person,").append(k.type()).append(",\"").append(k.value().replace("\"", "\"\""))
                            .append("\",").append(id).append('\n');
                }
            }
            // Row-level security refuses COPY FROM into the tables themselves: copyInto goes through a
            // temporary twin, in the tenant's scope, as the service's own writes do.
            org.tenantio.importer.system.TenantScope.run(tenantId, () -> tx.executeWithoutResult(status -> {
                copy.copyInto("core_records", "id, tenant_id, entity_type, attributes, content_hash, x_tenant_id",
                        records.toString());
                copy.copyInto("external_id_map", "tenant_id, entity_type, external_system, external_id, core_id",
                        ids.toString());
                copy.copyInto("match_keys", "tenant_id, entity_type, key_type, key_value, core_id", keys.toString());
            }));
        }
        jdbc.execute("ANALYZE core_records, external_id_map, match_keys");
    }
}
