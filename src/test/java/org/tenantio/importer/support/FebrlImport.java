package org.tenantio.importer.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.TestTenants.TestTenant;

/**
 * Imports FEBRL files into a fresh tenant through the real pipeline (upload over HTTP, the
 * shared/febrl.yaml mapping, validation with REQ-001 off and DOM-201 as a warning, load, match)
 * and compares the resulting clusters with the truth in rec_id, pairwise: once for auto-merges
 * alone, once with every pending review suggestion counted as a merge.
 */
@Component
public class FebrlImport {

    private final TestTenants tenants;
    private final PipelineRepository pipelines;
    private final JdbcTemplate jdbc;

    public FebrlImport(TestTenants tenants, PipelineRepository pipelines, JdbcTemplate jdbc) {
        this.tenants = tenants;
        this.pipelines = pipelines;
        this.jdbc = jdbc;
    }

    /** What one data set gave. */
    public record Result(int rows, long quarantined, PairwiseClusters auto, PairwiseClusters withReview,
                         long householdLinks, List<JsonNode> runs, double seconds) {
    }

    public Result run(int port, List<Path> files) {
        TestTenant tenant = tenants.create("febrl");
        pipelines.create(tenant.id(), new Pipeline(null, tenant.id(), "febrl", "FEBRL", "import", List.of("csv"), "person",
                "shared/febrl.yaml", "active", Map.of("disabledRules", List.of("REQ-001"),
                        "ruleModes", Map.of("DOM-201", "warn"))), "test", "FEBRL accuracy");
        Api api = new Api(port);
        Map<String, String> truth = new LinkedHashMap<>();
        List<JsonNode> runs = new ArrayList<>();
        long start = System.nanoTime();
        for (Path path : files) {
            truth.putAll(truthOf(path));
            Api.Response started = api.postFile("/api/v1/pipelines/febrl/runs", tenant.adminKey(), "text/csv", path);
            runs.add(api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), Duration.ofMinutes(10)));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, String> auto = new HashMap<>();
        jdbc.query("SELECT external_id, core_id::text FROM external_id_map WHERE tenant_id = ? AND external_system = 'febrl'",
                rs -> {
                    auto.put(rs.getString(1), rs.getString(2));
                }, tenant.id());
        PairwiseClusters.UnionFind review = new PairwiseClusters.UnionFind();
        auto.values().forEach(review::find);
        jdbc.query("SELECT left_id::text, right_id::text FROM dedupe_suggestions WHERE tenant_id = ? AND status = 'pending'",
                rs -> {
                    review.union(rs.getString(1), rs.getString(2));
                }, tenant.id());
        Map<String, String> withReview = new HashMap<>();
        auto.forEach((rec, core) -> withReview.put(rec, review.find(core)));
        long quarantined = runs.stream().mapToLong(r -> r.get("counts").get("quarantined").asLong()).sum();
        Long links = jdbc.queryForObject("SELECT count(*) FROM household_links WHERE tenant_id = ?", Long.class, tenant.id());
        return new Result(truth.size(), quarantined, PairwiseClusters.of(auto, truth), PairwiseClusters.of(withReview, truth),
                links == null ? 0 : links, runs, seconds);
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
            throw new UncheckedIOException(e);
        }
        return truth;
    }
}
