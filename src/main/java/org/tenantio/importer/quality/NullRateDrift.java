package org.tenantio.importer.quality;

import org.tenantio.importer.row.RulePolicy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * SET-501, a run-level check: each contract field's null rate in this run's loaded rows against
 * its average over the pipeline's last completed runs. A rate above twice the average (and at
 * least 5 points above it, so small files do not cry wolf) is a warning on the run, not a row
 * failure: it usually means an export dropped or renamed a column.
 */
@Component
public class NullRateDrift {

    static final String CODE = "SET-501";
    static final int TRAILING_RUNS = 5;
    static final double MIN_INCREASE = 0.05;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public NullRateDrift(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public record Result(Map<String, Double> nullRates, List<Map<String, Object>> warnings) {
    }

    public Result check(UUID tenantId, UUID pipelineId, UUID runId, RulePolicy policy) {
        if (policy.contract() == null) {
            return new Result(Map.of(), List.of());
        }
        Map<String, Long> present = new HashMap<>();
        // Loaded rows as staged where staging keeps them (rows with warnings); a row that landed
        // without any violation is staged compactly (load/ChunkWriter) and counts with the
        // fields of its record.
        String loadedRows = """
                SELECT s.normalized::jsonb AS doc FROM staging_rows s
                 WHERE s.tenant_id = ? AND s.run_id = ? AND s.normalized IS NOT NULL
                UNION ALL
                SELECT c.attributes FROM staging_rows s JOIN core_records c ON c.tenant_id = s.tenant_id AND c.id = s.record_id
                 WHERE s.tenant_id = ? AND s.run_id = ? AND s.normalized IS NULL AND s.raw IS NULL
                   AND s.outcome IN ('inserted', 'updated', 'unchanged', 'merged', 'review')""";
        jdbc.query("SELECT k, count(*) FROM (" + loadedRows + ") d, jsonb_object_keys(d.doc) k GROUP BY k",
                rs -> {
                    present.put(rs.getString(1), rs.getLong(2));
                }, tenantId, runId, tenantId, runId);
        Long loaded = jdbc.queryForObject("SELECT count(*) FROM (" + loadedRows + ") d", Long.class, tenantId, runId, tenantId, runId);
        Map<String, Double> rates = new TreeMap<>();
        if (loaded == null || loaded == 0) {
            return new Result(rates, List.of());
        }
        policy.contract().fields().keySet().forEach(f -> rates.put(f, round(1 - (double) present.getOrDefault(f, 0L) / loaded)));
        List<Map<String, Object>> warnings = new ArrayList<>();
        if (!"off".equals(policy.modeOf(CODE))) {
            Map<String, Double> trailing = trailingAverages(tenantId, pipelineId, runId);
            rates.forEach((field, rate) -> {
                Double average = trailing.get(field);
                if (average != null && rate > 2 * average && rate - average >= MIN_INCREASE) {
                    Map<String, Object> w = new LinkedHashMap<>();
                    w.put("ruleCode", CODE);
                    w.put("severity", "warn");
                    w.put("field", field);
                    w.put("nullRate", rate);
                    w.put("trailingAverage", average);
                    w.put("message", String.format(java.util.Locale.ROOT, "%s is empty in %.0f%% of rows; recent runs average %.0f%%",
                            field, rate * 100, average * 100));
                    policy.contract().rule(CODE).ifPresent(r -> w.put("hint", r.hint()));
                    warnings.add(w);
                }
            });
        }
        return new Result(rates, warnings);
    }

    private Map<String, Double> trailingAverages(UUID tenantId, UUID pipelineId, UUID runId) {
        List<String> reports = jdbc.queryForList("""
                SELECT report -> 'nullRates' FROM runs
                 WHERE tenant_id = ? AND pipeline_id = ? AND id <> ? AND status = 'completed' AND NOT dry_run
                   AND report -> 'nullRates' IS NOT NULL
                 ORDER BY completed_at DESC LIMIT ?""", String.class, tenantId, pipelineId, runId, TRAILING_RUNS);
        Map<String, double[]> sums = new HashMap<>();
        for (String report : reports) {
            try {
                Map<?, ?> rates = json.readValue(report, Map.class);
                rates.forEach((k, v) -> {
                    double[] s = sums.computeIfAbsent(k.toString(), x -> new double[2]);
                    s[0] += ((Number) v).doubleValue();
                    s[1]++;
                });
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored null rates cannot be read", e);
            }
        }
        Map<String, Double> averages = new HashMap<>();
        sums.forEach((k, s) -> averages.put(k, round(s[0] / s[1])));
        return averages;
    }

    private static double round(double v) {
        return Math.round(v * 10_000) / 10_000.0;
    }
}
