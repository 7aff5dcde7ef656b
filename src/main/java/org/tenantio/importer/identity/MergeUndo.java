package org.tenantio.importer.identity;

import org.tenantio.importer.system.Refusal;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.db.TenantEntityLock;
import org.tenantio.importer.run.RecordChanges;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;

/**
 * Reads merges back and undoes one: both records, their external ids and blocking keys return
 * exactly to their before-images. A merge that a later merge builds on (the same records) is
 * undone only after that later one, so no undo clobbers another. The merge's row is locked and
 * its state checked under the lock, so of concurrent undos exactly one succeeds. An undo that
 * would put the survivor's pre-merge values back over changes made since (by a later run or a
 * steward) is refused naming those fields and runs, unless forced with a reason (audited).
 */
@Component
public class MergeUndo {

    private final JdbcTemplate jdbc;
    private final MergeWriter merges;
    private final AuditLog audit;
    private final TenantEntityLock lock;
    private final RecordChanges changes;

    public MergeUndo(JdbcTemplate jdbc, MergeWriter merges, AuditLog audit, TenantEntityLock lock, RecordChanges changes) {
        this.changes = changes;
        this.jdbc = jdbc;
        this.merges = merges;
        this.audit = audit;
        this.lock = lock;
    }

    public record MergeView(long id, String entityType, UUID survivorId, UUID mergedId, String actor, UUID runId,
                            Long suggestionId, Double score, OffsetDateTime createdAt, OffsetDateTime undoneAt,
                            String undoneBy) {
    }

    private static final String SELECT = """
            SELECT id, entity_type, survivor_id, merged_id, actor, run_id, suggestion_id, score, created_at, undone_at,
                   undone_by FROM merge_log WHERE tenant_id = ?""";

    public MergeView find(UUID tenantId, long id) {
        return jdbc.query(SELECT + " AND id = ?", MergeUndo::view, tenantId, id).stream().findFirst()
                .orElseThrow(() -> Refusal.notFound("Merge"));
    }

    /** The tenant's merges, newest first; with a record id, only those it took part in. */
    public Page<MergeView> list(UUID tenantId, UUID recordId, int limit, long offset) {
        return list(tenantId, recordId, null, limit, offset);
    }

    /** The tenant's merges, newest first; with a record id only those it took part in, with a run id only that run's. */
    public Page<MergeView> list(UUID tenantId, UUID recordId, UUID runId, int limit, long offset) {
        String where = " AND (?::uuid IS NULL OR ?::uuid IN (survivor_id, merged_id)) AND (?::uuid IS NULL OR run_id = ?)";
        Long total = jdbc.queryForObject("SELECT count(*) FROM merge_log WHERE tenant_id = ?" + where, Long.class,
                tenantId, recordId, recordId, runId, runId);
        List<MergeView> items = jdbc.query(SELECT + where + " ORDER BY id DESC LIMIT ? OFFSET ?", MergeUndo::view,
                tenantId, recordId, recordId, runId, runId, limit, offset);
        return new Page<>(items, total == null ? 0 : total, limit, offset);
    }

    private static MergeView view(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new MergeView(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                rs.getObject(4, UUID.class), rs.getString(5), rs.getObject(6, UUID.class),
                (Long) rs.getObject(7), rs.getObject(8) == null ? null : rs.getDouble(8),
                rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class), rs.getString(11));
    }

    /** How an undo is asked for: {@code force} with a {@code reason} undoes over later changes. */
    public record UndoRequest(boolean force, String reason) {
        public static final UndoRequest PLAIN = new UndoRequest(false, null);
    }

    @Transactional
    public MergeView undo(Caller caller, long id) {
        return undo(caller, id, UndoRequest.PLAIN);
    }

    @Transactional
    public MergeView undo(Caller caller, long id, UndoRequest request) {
        UUID t = caller.tenant().id();
        if (request.force() && (request.reason() == null || request.reason().isBlank())) {
            throw new Refusal(400, "reason_required", "Say why the undo may overwrite later changes",
                    List.of(Map.of("field", "reason", "message", "required with force")));
        }
        // Writer's lock first (the order imports take it in), then the merge's own row.
        lock.acquire(t, find(t, id).entityType());
        MergeView merge = jdbc.query(SELECT + " AND id = ? FOR UPDATE", MergeUndo::view, t, id).get(0);
        if (merge.undoneAt() != null) {
            throw new Refusal(409, "merge_undone", "Merge " + id + " has been undone already");
        }
        if (Boolean.TRUE.equals(jdbc.queryForObject("SELECT before_images ->> 'erased' IS NOT NULL FROM merge_log"
                + " WHERE tenant_id = ? AND id = ?", Boolean.class, t, id))) {
            // privacy.Erasures removed the images: an undo would bring an erased person back.
            throw new Refusal(409, "merge_erased", "Merge " + id + " involves an erased person and cannot be undone");
        }
        Long later = jdbc.queryForObject("""
                SELECT min(id) FROM merge_log WHERE tenant_id = ? AND id > ? AND undone_at IS NULL
                   AND (survivor_id IN (?, ?) OR merged_id IN (?, ?))""", Long.class, t, id,
                merge.survivorId(), merge.mergedId(), merge.survivorId(), merge.mergedId());
        if (later != null) {
            throw new Refusal(409, "later_merge", "Merge " + later + " builds on this one; undo it first");
        }
        List<RecordChanges.FieldChange> since = changes.since(t, merge.survivorId(), merge.createdAt(), null);
        if (!since.isEmpty() && !request.force()) {
            throw new Refusal(409, "survivor_changed", "Record " + merge.survivorId() + " changed since merge " + id + ": "
                    + String.join(", ", since.stream().map(c -> c.field() + " (" + (c.runId() == null
                    ? "a steward's " + c.operation() : "run " + c.runId()) + ")").toList())
                    + "; undoing would put the values before the merge back. Send force with a reason to undo anyway",
                    since.stream().map(RecordChanges.FieldChange::detail).toList());
        }
        merges.undo(t, id, caller.actor());
        jdbc.update("""
                UPDATE dedupe_suggestions SET status = 'pending', merge_id = NULL, decided_by = ?, decided_at = now()
                 WHERE tenant_id = ? AND merge_id = ?""", caller.actor(), t, id);
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("undone", true);
        if (!since.isEmpty()) {
            after.put("forced", Map.of("reason", request.reason(), "overwrote",
                    since.stream().map(RecordChanges.FieldChange::detail).toList()));
        }
        audit.record(new AuditEvent(t, caller.actor(), caller.role(), "merge.undone", "merge", String.valueOf(id),
                Map.of("survivorId", merge.survivorId().toString(), "mergedId", merge.mergedId().toString()),
                after, caller.requestId()));
        return find(t, id);
    }
}
