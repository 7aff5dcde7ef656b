package org.tenantio.importer.load;

import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Undoes a run's core changes from change_log, set-based: records it inserted are removed
 * (with their external ids and match keys), records it updated get their before-image back.
 * Changes already reverted are skipped, so reverting twice changes nothing the second time.
 */
@Component
public class RunRollback {

    private final JdbcTemplate jdbc;

    public RunRollback(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Returns how many logged changes were undone. */
    @Transactional
    public int revert(UUID tenantId, UUID runId, String entityType) {
        jdbc.queryForObject("SELECT pg_advisory_xact_lock(hashtext(?))", Object.class, tenantId + ":" + entityType);
        jdbc.update("""
                UPDATE core_records c SET
                       attributes = b.before -> 'attributes',
                       content_hash = b.before ->> 'content_hash',
                       updated_at = (b.before ->> 'updated_at')::timestamptz,
                       x_pipeline_id = (b.before ->> 'x_pipeline_id')::uuid,
                       x_run_id = (b.before ->> 'x_run_id')::uuid,
                       x_source_file = b.before ->> 'x_source_file',
                       x_row_number = (b.before ->> 'x_row_number')::bigint,
                       x_ingested_at = (b.before ->> 'x_ingested_at')::timestamptz
                  FROM (SELECT DISTINCT ON (core_id) core_id, before FROM change_log
                         WHERE tenant_id = ? AND run_id = ? AND operation = 'update' AND reverted_at IS NULL
                         ORDER BY core_id, id) b
                 WHERE c.id = b.core_id AND c.tenant_id = ?""", tenantId, runId, tenantId);
        String inserted = """
                SELECT core_id FROM change_log
                 WHERE tenant_id = ? AND run_id = ? AND operation = 'insert' AND reverted_at IS NULL""";
        jdbc.update("DELETE FROM external_id_map WHERE tenant_id = ? AND core_id IN (" + inserted + ")",
                tenantId, tenantId, runId);
        jdbc.update("DELETE FROM match_keys WHERE tenant_id = ? AND core_id IN (" + inserted + ")",
                tenantId, tenantId, runId);
        jdbc.update("DELETE FROM core_records WHERE tenant_id = ? AND id IN (" + inserted + ")",
                tenantId, tenantId, runId);
        return jdbc.update("UPDATE change_log SET reverted_at = now() WHERE tenant_id = ? AND run_id = ? AND reverted_at IS NULL",
                tenantId, runId);
    }
}
