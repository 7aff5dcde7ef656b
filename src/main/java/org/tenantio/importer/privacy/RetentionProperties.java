package org.tenantio.importer.privacy;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * How long each kind of personal data is kept (requirements 003 and 004): staging rows with the
 * run's rollback journal, quarantine and run logs 90 days; archived inputs and events 365 days.
 * Core records are kept for the account's lifetime and the audit log is kept; neither is here.
 */
@ConfigurationProperties(prefix = "importer.privacy.retention")
public record RetentionProperties(Duration stagingRows, Duration quarantine, Duration runLogs, Duration archivedInputs,
                                  Duration events, int batchSize, String cron) {

    public RetentionProperties {
        stagingRows = orDefault(stagingRows, 90);
        quarantine = orDefault(quarantine, 90);
        runLogs = orDefault(runLogs, 90);
        archivedInputs = orDefault(archivedInputs, 365);
        events = orDefault(events, 365);
        batchSize = batchSize > 0 ? batchSize : 5000;
    }

    private static Duration orDefault(Duration value, int days) {
        if (value != null && value.isNegative()) {
            throw new IllegalArgumentException("A retention period cannot be negative: " + value);
        }
        return value == null || value.isZero() ? Duration.ofDays(days) : value;
    }
}
