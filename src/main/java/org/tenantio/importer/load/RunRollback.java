package org.tenantio.importer.load;

import org.tenantio.importer.db.TenantEntityLock;

import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Undoes a run's core changes from change_log, set-based: records it inserted are removed
 * (with their external ids and match keys), records it updated get their before-image back.
 * A record a later run has changed since (its lineage names another run) is a conflict: it is
 * reported and left alone, never clobbered. Changes already reverted are skipped.
 */
@Component
public class RunRollback {

    /** Changes of this run, not yet reverted, whose record still carries this run's content. */
    private static final String OWN = """
            SELECT l.id, l.core_id FROM change_log l JOIN core_records c ON c.id = l.core_id AND c.tenant_id = l.tenant_id
             WHERE l.tenant_id = ? AND l.run_id = ? AND l.reverted_at IS NULL AND c.x_run_id = l.run_id
               AND NOT EXISTS (SELECT 1 FROM merge_log g WHERE g.tenant_id = c.tenant_id AND g.undone_at IS NULL
                                 AND c.id IN (g.merged_id, g.survivor_id) AND g.run_id IS DISTINCT FROM l.run_id
                                 AND g.created_at > l.created_at)""";

    private final JdbcTemplate jdbc;
    private final TenantEntityLock lock;
    private final org.tenantio.importer.identity.TermFrequencyStore frequencies;

    public RunRollback(JdbcTemplate jdbc, TenantEntityLock lock, org.tenantio.importer.identity.TermFrequencyStore frequencies) {
        this.jdbc = jdbc;
        this.lock = lock;
        this.frequencies = frequencies;
    }

    /** What a rollback did: how many logged changes it undid, and the records it left alone. */
    public record Result(int reverted, List<Conflict> conflicts) {
    }

    public record Conflict(UUID recordId, UUID changedByRun) {
    }

    @Transactional
    public Result revert(UUID tenantId, UUID runId, String entityType) {
        lock.acquire(tenantId, entityType);
        List<Conflict> conflicts = jdbc.query("""
                SELECT DISTINCT c.id, c.x_run_id FROM change_log l
                  JOIN core_records c ON c.id = l.core_id AND c.tenant_id = l.tenant_id
                 WHERE l.tenant_id = ? AND l.run_id = ? AND l.reverted_at IS NULL
                   AND (c.x_run_id IS DISTINCT FROM l.run_id OR EXISTS (SELECT 1 FROM merge_log g
                        WHERE g.tenant_id = c.tenant_id AND c.id IN (g.merged_id, g.survivor_id) AND g.undone_at IS NULL
                          AND g.run_id IS DISTINCT FROM l.run_id AND g.created_at > l.created_at))
                 ORDER BY c.id""",
                (rs, i) -> new Conflict(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class)), tenantId, runId);
        jdbc.update("CREATE TEMP TABLE IF NOT EXISTS rollback_changes (id bigint, core_id uuid) ON COMMIT DROP");
        jdbc.update("INSERT INTO rollback_changes " + OWN, tenantId, runId);
        jdbc.update("""
                UPDATE core_records c SET
                       attributes = b.before -> 'attributes',
                       content_hash = b.before ->> 'content_hash',
                       updated_at = (b.before ->> 'updated_at')::timestamptz,
                       x_pipeline_id = (b.before ->> 'x_pipeline_id')::uuid,
                       x_run_id = (b.before ->> 'x_run_id')::uuid,
                       x_source_file = b.before ->> 'x_source_file',
                       x_row_number = (b.before ->> 'x_row_number')::bigint,
                       x_ingested_at = (b.before ->> 'x_ingested_at')::timestamptz,
                       consent_state = COALESCE(b.before ->> 'consent_state', c.consent_state)
                  FROM (SELECT DISTINCT ON (l.core_id) l.core_id, l.before FROM change_log l
                          JOIN rollback_changes r ON r.id = l.id
                         WHERE l.operation IN ('update', 'merge') ORDER BY l.core_id, l.id) b
                 WHERE c.id = b.core_id AND c.tenant_id = ?
                   AND NOT EXISTS (SELECT 1 FROM change_log i JOIN rollback_changes r ON r.id = i.id
                                    WHERE i.core_id = c.id AND i.operation = 'insert')""", tenantId);
        String inserted = "SELECT l.core_id FROM change_log l JOIN rollback_changes r ON r.id = l.id WHERE l.operation = 'insert'";
        String own = "SELECT core_id FROM rollback_changes";
        // The run's merges: survivors got their before-image back above, merged records go with
        // the run's inserts; the external ids and keys the run added go with them.
        jdbc.update("UPDATE merge_log SET undone_at = now(), undone_by = 'rollback' WHERE tenant_id = ? AND run_id = ?"
                + " AND undone_at IS NULL AND merged_id IN (" + own + ")", tenantId, runId);
        // What the run's sources sent is no longer what the records hold: the next import of the
        // same rows compares with the records again (source_hash unknown) instead of skipping them.
        jdbc.update("UPDATE external_id_map SET source_hash = NULL, raw_hash = NULL WHERE tenant_id = ? AND last_seen_run = ?"
                + " AND core_id IN (" + own + ")", tenantId, runId);
        jdbc.update("DELETE FROM external_id_map WHERE tenant_id = ? AND (core_id IN (" + inserted + ")"
                + " OR (first_seen_run = ? AND core_id IN (" + own + ")))", tenantId, runId);
        jdbc.update("DELETE FROM match_keys WHERE tenant_id = ? AND (core_id IN (" + inserted + ")"
                + " OR (run_id = ? AND core_id IN (" + own + ")))", tenantId, runId);
        jdbc.update("DELETE FROM dedupe_suggestions WHERE tenant_id = ? AND (run_id = ? OR left_id IN (" + inserted
                + ") OR right_id IN (" + inserted + "))", tenantId, runId);
        jdbc.update("DELETE FROM household_links WHERE tenant_id = ? AND (run_id = ? OR left_id IN (" + inserted
                + ") OR right_id IN (" + inserted + "))", tenantId, runId);
        // The run's new records that were not merged away were counted in the name frequencies.
        frequencies.forget(tenantId, entityType, jdbc.queryForList("SELECT c.id FROM core_records c WHERE c.tenant_id = ?"
                + " AND c.merged_into IS NULL AND c.id IN (" + inserted + ")", UUID.class, tenantId));
        jdbc.update("DELETE FROM core_records WHERE tenant_id = ? AND id IN (" + inserted + ")", tenantId);
        int reverted = jdbc.update("""
                UPDATE change_log l SET reverted_at = now() FROM rollback_changes r
                 WHERE r.id = l.id AND l.tenant_id = ?""", tenantId);
        jdbc.update("DROP TABLE rollback_changes");
        return new Result(reverted, conflicts);
    }
}
