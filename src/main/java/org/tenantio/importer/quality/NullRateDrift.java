package org.tenantio.importer.quality;

import org.tenantio.importer.db.RowSample;
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
 * failure: it usually means an export dropped or renamed a column. Runs of more than 20,000 rows
 * are measured on a fixed pseudo-random sample of about 20,000 of them.
 */
@Component
public class NullRateDrift {

    static final String CODE = "SET-501";
    static final int TRAILING_RUNS = 5;
    static final double MIN_INCREASE = 0.05;
    /** Runs up to this many rows are measured exactly; larger ones on a sample of about this size. */
    static final long SAMPLE_ROWS = 20_000;

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
        long[] loaded = {0};
        // Loaded rows as staged where staging keeps them (rows with warnings); a row that landed
        // without any violation is staged compactly (load/ChunkWriter) and counts with the
        // fields of its record. Past SAMPLE_ROWS rows, a fixed pseudo-random share of the rows
        // (by a hash of the row number, so a file's periodic patterns do not line up with it)
        // stands for the run: a rate is a proportion, and 20,000 rows put it within about a
        // point of the whole file's, where a full pass over a million rows cost seconds.
        int step = (int) Math.max(1, (readRows(tenantId, runId) + SAMPLE_ROWS - 1) / SAMPLE_ROWS);
        jdbc.query("""
                WITH d AS MATERIALIZED (
                    SELECT s.normalized::jsonb AS doc FROM staging_rows s
                     WHERE s.tenant_id = ? AND s.run_id = ? AND s.normalized IS NOT NULL AND %1$s
                    UNION ALL
                    SELECT c.attributes FROM staging_rows s JOIN core_records c ON c.tenant_id = s.tenant_id AND c.id = s.record_id
                     WHERE s.tenant_id = ? AND s.run_id = ? AND s.normalized IS NULL AND s.raw IS NULL AND %1$s
                       AND s.outcome IN ('inserted', 'updated', 'unchanged', 'merged', 'review'))
                SELECT NULL AS k, count(*) FROM d
                UNION ALL
                SELECT k, count(*) FROM d, jsonb_object_keys(d.doc) k GROUP BY k""".formatted(RowSample.OF_STAGED_ROWS),
                rs -> {
                    if (rs.getString(1) == null) {
                        loaded[0] = rs.getLong(2);
                    } else {
                        present.put(rs.getString(1), rs.getLong(2));
                    }
                }, tenantId, runId, step, tenantId, runId, step);
        Map<String, Double> rates = new TreeMap<>();
        if (loaded[0] == 0) {
            return new Result(rates, List.of());
        }
        policy.contract().fields().keySet().forEach(f -> rates.put(f, round(1 - (double) present.getOrDefault(f, 0L) / loaded[0])));
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

    private long readRows(UUID tenantId, UUID runId) {
        Long read = jdbc.queryForObject("SELECT COALESCE((counts ->> 'read')::bigint, 0) FROM runs WHERE tenant_id = ? AND id = ?",
                Long.class, tenantId, runId);
        return read == null ? 0 : read;
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
