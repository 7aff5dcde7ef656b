package org.tenantio.importer.tenant;

import org.tenantio.importer.system.Refusal;

import java.util.List;
import java.util.Map;

/** A tenant quota stops this run: 429 naming the limit, and when a retry can succeed if that is known. */
public class QuotaExceeded extends Refusal {

    private final String limit;
    private final long max;
    private final Long retryAfterSeconds;

    public QuotaExceeded(String limit, long max, String message, Long retryAfterSeconds) {
        super(429, "quota_exceeded", message);
        this.limit = limit;
        this.max = max;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public String limit() {
        return limit;
    }

    public Long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    public List<Map<String, Object>> details() {
        return List.of(Map.of("limit", limit, "max", max));
    }
}
