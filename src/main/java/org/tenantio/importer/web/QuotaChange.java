package org.tenantio.importer.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tenantio.importer.tenant.RunQuotas.Limits;

/** A quota change as sent: only the named limits, each checked; anything else is 400 before anything changes. */
final class QuotaChange {

    private static final Set<String> LIMITS = Set.of("runsPerDay", "runsPerMonth", "maxConcurrent", "maxFileBytes",
            "requestsPerMinute");

    private QuotaChange() {
    }

    /** What to do to the current limits; checked now, applied under the tenant's quota row lock. */
    static java.util.function.UnaryOperator<Limits> parse(Map<String, Object> body) {
        if (body == null || body.isEmpty()) {
            throw new ApiException(400, "invalid_quotas", "Name at least one limit to change: " + String.join(", ",
                    LIMITS.stream().sorted().toList()));
        }
        List<Map<String, Object>> wrong = new ArrayList<>();
        Map<String, Long> set = new LinkedHashMap<>();
        body.forEach((name, value) -> {
            if (!LIMITS.contains(name)) {
                wrong.add(Map.of("field", String.valueOf(name), "message", "unknown limit"));
            } else if (value == null && "requestsPerMinute".equals(name)) {
                set.put(name, null); // back to the service default
            } else if (!(value instanceof Integer || value instanceof Long) || ((Number) value).longValue() < minimum(name)
                    || (!"maxFileBytes".equals(name) && ((Number) value).longValue() > Integer.MAX_VALUE)) {
                wrong.add(Map.of("field", name, "message", "a whole number of at least " + minimum(name)
                        + ("requestsPerMinute".equals(name) ? ", or null for the service default" : "")));
            } else {
                set.put(name, ((Number) value).longValue());
            }
        });
        if (!wrong.isEmpty()) {
            throw new ApiException(400, "invalid_quotas", "The quota change names unknown limits or invalid values", wrong);
        }
        return current -> new Limits(
                set.containsKey("runsPerDay") ? set.get("runsPerDay").intValue() : current.runsPerDay(),
                set.containsKey("runsPerMonth") ? set.get("runsPerMonth").intValue() : current.runsPerMonth(),
                set.containsKey("maxConcurrent") ? set.get("maxConcurrent").intValue() : current.maxConcurrent(),
                set.containsKey("maxFileBytes") ? set.get("maxFileBytes") : current.maxFileBytes(),
                set.containsKey("requestsPerMinute")
                        ? (set.get("requestsPerMinute") == null ? null : set.get("requestsPerMinute").intValue())
                        : current.requestsPerMinute());
    }

    private static long minimum(String name) {
        return "requestsPerMinute".equals(name) ? 1 : 0;
    }
}
