package org.tenantio.importer.run;

import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How each run step is retried: {@code importer.steps.<step>.max-attempts}, {@code backoff} (the
 * first wait, doubled after each failed attempt) and {@code timeout} (the longest one attempt may
 * take). Steps not configured get {@link Policy#DEFAULT}.
 */
@ConfigurationProperties(prefix = "importer")
public record StepPolicies(Map<String, Policy> steps) {

    public StepPolicies {
        steps = steps == null ? Map.of() : Map.copyOf(steps);
    }

    public Policy of(String step) {
        return steps.getOrDefault(step, Policy.DEFAULT);
    }

    public record Policy(int maxAttempts, Duration backoff, Duration timeout) {
        public static final Policy DEFAULT = new Policy(3, Duration.ofMillis(200), Duration.ofMinutes(5));

        public Policy {
            maxAttempts = maxAttempts > 0 ? maxAttempts : 3;
            backoff = backoff != null ? backoff : Duration.ofMillis(200);
            timeout = timeout != null ? timeout : Duration.ofMinutes(5);
        }

        /** The wait before attempt {@code attempt + 1}: backoff, 2×backoff, 4×backoff... */
        public Duration waitAfter(int attempt) {
            return backoff.multipliedBy(1L << Math.min(attempt - 1, 16));
        }
    }
}
