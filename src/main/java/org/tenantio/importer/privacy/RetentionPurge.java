package org.tenantio.importer.privacy;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.system.TenantScope;

/**
 * Purges what is past its retention (RetentionProperties), for every tenant, in batches of their
 * own transactions so a purge of millions of rows never holds one long lock: a finished run's
 * staging rows and rollback journal (the run keeps its counts and is marked rows_purged_at),
 * quarantine entries, run log lines, and archived input files. Each tenant's purge is audited
 * with its counts. Fired by the retention-purge route (clustered Quartz: one instance runs it).
 */
@Component("retentionPurge")
public class RetentionPurge {

    private static final Logger log = LoggerFactory.getLogger(RetentionPurge.class);
    private static final String FINISHED = "('completed', 'failed', 'rolled_back')";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final RetentionProperties retention;
    private final IntakeArchive archive;
    private final AuditLog audit;
    private final Clock clock;

    public RetentionPurge(JdbcTemplate jdbc, TransactionTemplate tx, RetentionProperties retention, IntakeArchive archive,
                          AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.retention = retention;
        this.archive = archive;
        this.audit = audit;
        this.clock = clock;
    }

    /** Counts per tenant of what one purge removed. */
    public Map<UUID, Map<String, Long>> purgeDue() {
        // Retention spans tenants by design, like start-up; every statement still names its tenant or run.
        return TenantScope.asSystem(() -> {
            Map<UUID, Map<String, Long>> counts = new LinkedHashMap<>();
            purgeRunRows(counts);
            purgeAged("dq_violations", "quarantine", retention.quarantine(), counts);
            purgeAged("run_log", "run_log_lines", retention.runLogs(), counts);
            purgeArchivedInputs(counts);
            counts.forEach((tenant, c) -> audit.record(AuditEvent.system(tenant, "retention", "retention.purged",
                    "tenant", tenant.toString(), c)));
            if (!counts.isEmpty()) {
                log.info("Retention purge: {} tenant(s) had data past retention", counts.size());
            }
            return counts;
        });
    }

    private Timestamp cutoff(Duration keep) {
        return Timestamp.from(clock.instant().minus(keep));
    }

    private void purgeRunRows(Map<UUID, Map<String, Long>> counts) {
        while (true) {
            List<Map<String, Object>> due = jdbc.queryForList("SELECT id, tenant_id FROM runs WHERE rows_purged_at IS NULL"
                    + " AND status IN " + FINISHED + " AND COALESCE(completed_at, created_at) < ? ORDER BY completed_at LIMIT 100",
                    cutoff(retention.stagingRows()));
            if (due.isEmpty()) {
                return;
            }
            for (Map<String, Object> run : due) {
                UUID runId = (UUID) run.get("id");
                UUID tenant = (UUID) run.get("tenant_id");
                add(counts, tenant, "staging_rows", deleteInBatches("staging_rows", "tenant_id = ? AND run_id = ?", tenant, runId));
                add(counts, tenant, "change_log", deleteInBatches("change_log", "tenant_id = ? AND run_id = ?", tenant, runId));
                jdbc.update("UPDATE runs SET rows_purged_at = now() WHERE id = ?", runId);
                add(counts, tenant, "runs", 1);
            }
        }
    }

    private void purgeAged(String table, String kind, Duration keep, Map<UUID, Map<String, Long>> counts) {
        Timestamp cutoff = cutoff(keep);
        for (UUID tenant : jdbc.queryForList("SELECT DISTINCT tenant_id FROM " + table + " WHERE created_at < ?", UUID.class, cutoff)) {
            add(counts, tenant, kind, deleteInBatches(table, "tenant_id = ? AND created_at < ?", tenant, cutoff));
        }
    }

    /** Deletes matching rows a batch per transaction; returns how many went. */
    private long deleteInBatches(String table, String where, Object... args) {
        Object[] withLimit = java.util.Arrays.copyOf(args, args.length + 1);
        withLimit[args.length] = retention.batchSize();
        String sql = "DELETE FROM " + table + " WHERE ctid = ANY (ARRAY (SELECT ctid FROM " + table + " WHERE " + where
                + " LIMIT ?))";
        long total = 0;
        for (int n; (n = tx.execute(status -> jdbc.update(sql, withLimit))) > 0; ) {
            total += n;
        }
        return total;
    }

    private void purgeArchivedInputs(Map<UUID, Map<String, Long>> counts) {
        while (true) {
            List<Map<String, Object>> due = jdbc.queryForList("SELECT id, tenant_id, input_ref FROM runs"
                    + " WHERE input_purged_at IS NULL AND input_ref IS NOT NULL AND status IN " + FINISHED
                    + " AND created_at < ? ORDER BY created_at LIMIT ?", cutoff(retention.archivedInputs()), retention.batchSize());
            if (due.isEmpty()) {
                return;
            }
            for (Map<String, Object> run : due) {
                String ref = (String) run.get("input_ref");
                try {
                    if (Files.deleteIfExists(archive.resolve(ref))) {
                        add(counts, (UUID) run.get("tenant_id"), "archived_inputs", 1);
                    }
                } catch (IOException | IllegalArgumentException e) {
                    // Left for the next purge; the run is not marked, so it is tried again.
                    log.warn("Archived input of run {} could not be purged: {}", run.get("id"), e.getClass().getSimpleName());
                    continue;
                }
                jdbc.update("UPDATE runs SET input_purged_at = now() WHERE id = ?", run.get("id"));
            }
        }
    }

    private static void add(Map<UUID, Map<String, Long>> counts, UUID tenant, String kind, long n) {
        if (n > 0) {
            counts.computeIfAbsent(tenant, t -> new LinkedHashMap<>()).merge(kind, n, Long::sum);
        }
    }
}
