package org.tenantio.importer.run;

import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;

/**
 * Runs one attempt of a step again when it failed for a reason that may pass (a deadlock, a
 * serialisation failure, a dropped connection, a timeout), as the step's {@link StepPolicies}
 * say; every attempt is journalled. The work must be idempotent: a chunk is one transaction.
 */
@Component
public class StepRetry {

    private static final Logger log = LoggerFactory.getLogger(StepRetry.class);

    private final StepPolicies policies;
    private final RunJournal journal;

    public StepRetry(StepPolicies policies, RunJournal journal) {
        this.policies = policies;
        this.journal = journal;
    }

    public StepPolicies.Policy policy(String step) {
        return policies.of(step);
    }

    public <T> T call(UUID tenantId, UUID runId, String step, Supplier<T> attempt) {
        StepPolicies.Policy policy = policies.of(step);
        for (int n = 1; ; n++) {
            try {
                return attempt.get();
            } catch (TransientDataAccessException | RecoverableDataAccessException e) {
                if (n >= policy.maxAttempts()) {
                    throw e;
                }
                String reason = e.getClass().getSimpleName();
                log.warn("Run {}: step {} attempt {} of {} failed ({}); retrying", runId, step, n, policy.maxAttempts(), reason);
                journal.fail(tenantId, runId, step, "attempt " + n + " failed: " + reason);
                journal.warn(tenantId, runId, "Step " + step + " attempt " + n + " failed (" + reason + "); retrying in "
                        + policy.waitAfter(n).toMillis() + " ms");
                sleep(policy.waitAfter(n).toMillis());
                journal.begin(tenantId, runId, step);
            }
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}
