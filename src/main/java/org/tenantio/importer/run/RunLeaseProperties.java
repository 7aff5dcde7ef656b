package org.tenantio.importer.run;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long a run's claim lasts without renewal, how often the owner renews it, and how often
 * recovery looks for runs whose owner stopped renewing. Defaults documented in docs/operations.md.
 */
@ConfigurationProperties(prefix = "importer.runs")
public record RunLeaseProperties(Duration leaseTtl, Duration heartbeatInterval, Duration recoveryInterval,
                                 String instanceId) {

    public RunLeaseProperties {
        leaseTtl = leaseTtl == null || leaseTtl.isZero() || leaseTtl.isNegative() ? Duration.ofSeconds(30) : leaseTtl;
        heartbeatInterval = heartbeatInterval == null || heartbeatInterval.isZero() || heartbeatInterval.isNegative()
                ? leaseTtl.dividedBy(3) : heartbeatInterval;
        recoveryInterval = recoveryInterval == null || recoveryInterval.isZero() || recoveryInterval.isNegative()
                ? leaseTtl : recoveryInterval;
        if (heartbeatInterval.compareTo(leaseTtl) >= 0) {
            throw new IllegalArgumentException("importer.runs.heartbeat-interval (" + heartbeatInterval
                    + ") must be shorter than importer.runs.lease-ttl (" + leaseTtl + ")");
        }
    }
}
