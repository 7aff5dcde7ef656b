package org.tenantio.importer.reconcile;

import java.util.List;
import java.util.Map;

/**
 * A pipeline's leak-alarm thresholds: the defaults of requirements 003 §6.3 and Appendix C,
 * each overridable in the pipeline's {@code alarms} option (same names), and any alarm switched
 * off by listing its code in {@code alarms.off}.
 */
public record AlarmThresholds(double freshnessWarnHours, double freshnessPageHours, double deltaSigma, int deltaRuns,
                              int minHistory, double rejectWarnOverMedian, double rejectPageOverMedian, int rejectRuns,
                              double duplicateWarnOverBaseline, int duplicateRuns, List<String> off) {

    public static final AlarmThresholds DEFAULTS = new AlarmThresholds(12, 24, 3, 14, 5, 0.10, 0.20, 5, 0.05, 5, List.of());

    public static AlarmThresholds of(Map<String, Object> pipelineOptions) {
        Object raw = pipelineOptions == null ? null : pipelineOptions.get("alarms");
        if (!(raw instanceof Map<?, ?> o)) {
            return DEFAULTS;
        }
        AlarmThresholds d = DEFAULTS;
        return new AlarmThresholds(dbl(o, "freshnessWarnHours", d.freshnessWarnHours), dbl(o, "freshnessPageHours", d.freshnessPageHours),
                dbl(o, "deltaSigma", d.deltaSigma), (int) dbl(o, "deltaRuns", d.deltaRuns), (int) dbl(o, "minHistory", d.minHistory),
                dbl(o, "rejectWarnOverMedian", d.rejectWarnOverMedian), dbl(o, "rejectPageOverMedian", d.rejectPageOverMedian),
                (int) dbl(o, "rejectRuns", d.rejectRuns), dbl(o, "duplicateWarnOverBaseline", d.duplicateWarnOverBaseline),
                (int) dbl(o, "duplicateRuns", d.duplicateRuns),
                o.get("off") instanceof List<?> l ? l.stream().map(String::valueOf).toList() : List.of());
    }

    public boolean on(String code) {
        return !off.contains(code);
    }

    private static double dbl(Map<?, ?> o, String key, double fallback) {
        Object v = o.get(key);
        if (v instanceof Number n) {
            return n.doubleValue();
        }
        try {
            return v == null ? fallback : Double.parseDouble(v.toString());
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
