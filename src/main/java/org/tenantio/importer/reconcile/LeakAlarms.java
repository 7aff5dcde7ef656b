package org.tenantio.importer.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The leak alarms of requirements 003 §6.3 and Appendix C, judged on a finished load against
 * the pipeline's earlier completed runs (dry runs excluded): freshness lag, new records outside
 * 3σ of the recent mean, null drift (SET-501, any contract field), reject rate over the recent
 * median, duplicate rate over the recent baseline. Each fired alarm is one anomaly on the run.
 */
@Component
public class LeakAlarms {

    public static final String FRESHNESS = "freshness_lag";
    public static final String DELTA = "new_records_delta";
    public static final String NULL_DRIFT = "null_drift";
    public static final String REJECT_RATE = "reject_rate";
    public static final String DUPLICATE_RATE = "duplicate_rate";

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public LeakAlarms(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public List<Map<String, Object>> judge(UUID tenantId, UUID pipelineId, UUID runId, AlarmThresholds t,
                                           Map<String, Object> counts, Map<String, Object> reconciliation,
                                           List<?> warnings) {
        List<Map<String, Object>> fired = new ArrayList<>();
        int depth = Math.max(t.deltaRuns(), Math.max(t.rejectRuns(), t.duplicateRuns()));
        List<Map<String, Object>> history = history(tenantId, pipelineId, runId, depth);
        if (t.on(FRESHNESS)) {
            freshness(reconciliation, t).ifPresent(fired::add);
        }
        if (t.on(DELTA) && history.size() >= t.minHistory()) {
            delta(counts, history.subList(0, Math.min(t.deltaRuns(), history.size())), t).ifPresent(fired::add);
        }
        if (t.on(NULL_DRIFT)) {
            for (Object w : warnings) {
                if (w instanceof Map<?, ?> m && "SET-501".equals(m.get("ruleCode"))) {
                    fired.add(anomaly(NULL_DRIFT, "warn", String.valueOf(m.get("message")), m.get("nullRate"),
                            m.get("trailingAverage"), 2.0, m.get("field")));
                }
            }
        }
        long read = Reconciliation.number(counts.get("read"));
        if (read > 0 && t.on(REJECT_RATE)) {
            rejectRate(counts, read, history.subList(0, Math.min(t.rejectRuns(), history.size())), t).ifPresent(fired::add);
        }
        if (read > 0 && t.on(DUPLICATE_RATE)) {
            duplicateRate(counts, read, history.subList(0, Math.min(t.duplicateRuns(), history.size())), t)
                    .ifPresent(fired::add);
        }
        return fired;
    }

    private java.util.Optional<Map<String, Object>> freshness(Map<String, Object> reconciliation, AlarmThresholds t) {
        if (!(reconciliation.get("freshness") instanceof Map<?, ?> f) || !Boolean.TRUE.equals(f.get("available"))) {
            return java.util.Optional.empty();
        }
        double hours = Reconciliation.number(f.get("lagSeconds")) / 3600.0;
        String severity = hours > t.freshnessPageHours() ? "page" : hours > t.freshnessWarnHours() ? "warn" : null;
        if (severity == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(anomaly(FRESHNESS, severity, String.format(Locale.ROOT,
                "The newest source_updated_at is %.1f h old (warn over %.0f h, page over %.0f h)", hours,
                t.freshnessWarnHours(), t.freshnessPageHours()), round(hours), null,
                "page".equals(severity) ? t.freshnessPageHours() : t.freshnessWarnHours(), null));
    }

    private java.util.Optional<Map<String, Object>> delta(Map<String, Object> counts, List<Map<String, Object>> history,
                                                          AlarmThresholds t) {
        double[] inserted = history.stream().mapToDouble(h -> Reconciliation.number(h.get("inserted"))).toArray();
        double mean = java.util.Arrays.stream(inserted).average().orElse(0);
        double variance = java.util.Arrays.stream(inserted).map(x -> (x - mean) * (x - mean)).sum() / inserted.length;
        // Counts of arrivals vary about as a Poisson count at least: a flat history is no licence to alarm on +1.
        double sigma = Math.max(Math.sqrt(variance), Math.max(1, Math.sqrt(mean)));
        long now = Reconciliation.number(counts.get("inserted"));
        double deviations = Math.abs(now - mean) / sigma;
        if (deviations <= t.deltaSigma()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(anomaly(DELTA, "warn", String.format(Locale.ROOT,
                "%d new records; the last %d runs averaged %.1f (%.1f σ away, alarm over %.0f σ)", now, inserted.length,
                mean, deviations, t.deltaSigma()), now, round(mean), t.deltaSigma(), null));
    }

    private java.util.Optional<Map<String, Object>> rejectRate(Map<String, Object> counts, long read,
                                                               List<Map<String, Object>> history, AlarmThresholds t) {
        double rate = Reconciliation.number(counts.get("quarantined")) / (double) read;
        double median = median(history.stream().mapToDouble(h -> rate(h, "quarantined")).sorted().toArray());
        double over = rate - median;
        String severity = over > t.rejectPageOverMedian() ? "page" : over > t.rejectWarnOverMedian() ? "warn" : null;
        if (severity == null) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(anomaly(REJECT_RATE, severity, String.format(Locale.ROOT,
                "%.0f%% of rows quarantined; the median of the last %d runs is %.0f%%", rate * 100, history.size(),
                median * 100), round(rate), round(median),
                "page".equals(severity) ? t.rejectPageOverMedian() : t.rejectWarnOverMedian(), null));
    }

    private java.util.Optional<Map<String, Object>> duplicateRate(Map<String, Object> counts, long read,
                                                                  List<Map<String, Object>> history, AlarmThresholds t) {
        double rate = (Reconciliation.number(counts.get("merged")) + Reconciliation.number(counts.get("review"))) / (double) read;
        double baseline = history.stream().mapToDouble(h -> rate(h, "merged") + rate(h, "review")).average().orElse(0);
        if (rate - baseline <= t.duplicateWarnOverBaseline()) {
            return java.util.Optional.empty();
        }
        return java.util.Optional.of(anomaly(DUPLICATE_RATE, "warn", String.format(Locale.ROOT,
                "%.0f%% of rows were duplicates (merged or for review); the last %d runs averaged %.0f%%", rate * 100,
                history.size(), baseline * 100), round(rate), round(baseline), t.duplicateWarnOverBaseline(), null));
    }

    /** The counts of the pipeline's earlier completed real runs, newest first. */
    private List<Map<String, Object>> history(UUID tenantId, UUID pipelineId, UUID runId, int depth) {
        List<String> rows = jdbc.queryForList("""
                SELECT counts::text FROM runs WHERE tenant_id = ? AND pipeline_id = ? AND id <> ?
                   AND status = 'completed' AND NOT dry_run ORDER BY created_at DESC LIMIT ?""",
                String.class, tenantId, pipelineId, runId, depth);
        List<Map<String, Object>> out = new ArrayList<>();
        for (String r : rows) {
            try {
                out.add(json.readValue(r, Map.class));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("Stored run counts are not JSON", e);
            }
        }
        return out;
    }

    private static double rate(Map<String, Object> counts, String key) {
        long read = Reconciliation.number(counts.get("read"));
        return read == 0 ? 0 : Reconciliation.number(counts.get(key)) / (double) read;
    }

    static double median(double[] sorted) {
        if (sorted.length == 0) {
            return 0;
        }
        int mid = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 10000) / 10000.0;
    }

    private static Map<String, Object> anomaly(String code, String severity, String message, Object observed,
                                               Object baseline, Object threshold, Object field) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("code", code);
        a.put("severity", severity);
        if (field != null) {
            a.put("field", field);
        }
        a.put("message", message);
        a.put("observed", observed);
        if (baseline != null) {
            a.put("baseline", baseline);
        }
        a.put("threshold", threshold);
        return a;
    }
}
