package org.tenantio.importer.identity;

import org.tenantio.importer.system.Refusal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.db.TenantEntityLock;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;

/**
 * The steward's side of identity resolution: duplicate suggestions listed with both records
 * and every feature's contribution, and the decisions on them (merge, not a duplicate, defer),
 * each audited. A pair marked not-duplicate stays in the table with that status, so neither an
 * import nor a scan suggests it again. A decision checks the suggestion's status under its row
 * lock (after the writer's lock, for merges), so of concurrent decisions exactly one is taken.
 */
@Component
public class DuplicateReview {

    public static final List<String> STATUSES = List.of("pending", "merged", "not_duplicate", "deferred", "obsolete");

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final RecordQueries records;
    private final MergeWriter merges;
    private final AuditLog audit;
    private final TenantEntityLock lock;

    public DuplicateReview(JdbcTemplate jdbc, ObjectMapper json, RecordQueries records, MergeWriter merges, AuditLog audit,
                           TenantEntityLock lock) {
        this.jdbc = jdbc;
        this.json = json;
        this.records = records;
        this.merges = merges;
        this.audit = audit;
        this.lock = lock;
    }

    public record SuggestionView(long id, String entityType, double score, String status, CoreRecord left,
                                 CoreRecord right, Object features, UUID runId, Long mergeId, String decidedBy,
                                 OffsetDateTime decidedAt, OffsetDateTime createdAt) {
    }

    private record Row(long id, String entityType, UUID left, UUID right, double score, String status, String features,
                       UUID runId, Long mergeId, String decidedBy, OffsetDateTime decidedAt, OffsetDateTime createdAt) {
    }

    private static final String SELECT = """
            SELECT id, entity_type, left_id, right_id, score, status, features::text, run_id, merge_id, decided_by,
                   decided_at, created_at FROM dedupe_suggestions""";

    public Page<SuggestionView> list(UUID tenantId, String status, String entityType, int limit, long offset) {
        if (!STATUSES.contains(status)) {
            throw new Refusal(400, "invalid_status", "status must be one of " + String.join(", ", STATUSES),
                    List.of(Map.of("field", "status", "message", "one of " + STATUSES)));
        }
        String where = " WHERE tenant_id = ? AND status = ? AND (?::text IS NULL OR entity_type = ?)";
        Long total = jdbc.queryForObject("SELECT count(*) FROM dedupe_suggestions" + where, Long.class,
                tenantId, status, entityType, entityType);
        List<Row> rows = jdbc.query(SELECT + where + " ORDER BY score DESC, id LIMIT ? OFFSET ?", (rs, i) -> row(rs),
                tenantId, status, entityType, entityType, limit, offset);
        return new Page<>(views(tenantId, rows), total == null ? 0 : total, limit, offset);
    }

    public SuggestionView find(UUID tenantId, long id) {
        return views(tenantId, List.of(load(tenantId, id))).get(0);
    }

    /** How a steward merges a pair: which record survives, and which side wins which field. */
    public record MergeRequest(String survivor, Map<String, String> fields) {
    }

    @Transactional
    public SuggestionView merge(Caller caller, long id, MergeRequest request) {
        UUID t = caller.tenant().id();
        lock.acquire(t, load(t, id).entityType());
        Row s = decidable(t, id);
        Map<UUID, CoreRecord> pair = records.byIds(t, List.of(s.left(), s.right()));
        if (pair.values().stream().anyMatch(r -> r.mergedInto() != null) || pair.size() < 2) {
            throw new Refusal(409, "record_already_merged",
                    "One of the records has been merged since this suggestion was made");
        }
        String survivorSide = request == null || request.survivor() == null ? defaultSurvivor(pair, s) : request.survivor();
        if (!survivorSide.equals("left") && !survivorSide.equals("right")) {
            throw new Refusal(400, "invalid_survivor", "survivor must be left or right",
                    List.of(Map.of("field", "survivor", "message", "left or right")));
        }
        UUID survivor = survivorSide.equals("left") ? s.left() : s.right();
        UUID merged = survivorSide.equals("left") ? s.right() : s.left();
        Map<String, Survivorship.Side> choices = new HashMap<>();
        if (request != null && request.fields() != null) {
            request.fields().forEach((field, side) -> {
                if (!side.equals("left") && !side.equals("right")) {
                    throw new Refusal(400, "invalid_field_choice", "Each field's winner must be left or right",
                            List.of(Map.of("field", "fields." + field, "message", "left or right")));
                }
                choices.put(field, side.equals(survivorSide) ? Survivorship.Side.SURVIVOR : Survivorship.Side.MERGED);
            });
        }
        Map<UUID, Long> done = merges.apply(new MergeWriter.Origin(t, s.entityType(), null, null, null, caller.actor()),
                List.of(new MergeWriter.Planned(survivor, merged, s.score(), read(s.features()), id, choices)));
        Long mergeId = done.get(merged);
        jdbc.update("""
                UPDATE dedupe_suggestions SET status = 'merged', merge_id = ?, decided_by = ?, decided_at = now()
                 WHERE tenant_id = ? AND id = ?""", mergeId, caller.actor(), t, id);
        audit.record(new AuditEvent(t, caller.actor(), caller.role(), "duplicate.merged", "dedupe_suggestion",
                String.valueOf(id), Map.of("status", s.status()),
                Map.of("mergeId", mergeId, "survivorId", survivor.toString(), "mergedId", merged.toString(),
                        "fields", request == null || request.fields() == null ? Map.of() : request.fields()),
                caller.requestId()));
        return find(t, id);
    }

    @Transactional
    public SuggestionView decide(Caller caller, long id, String status) {
        UUID t = caller.tenant().id();
        Row s = decidable(t, id);
        jdbc.update("UPDATE dedupe_suggestions SET status = ?, decided_by = ?, decided_at = now() WHERE tenant_id = ? AND id = ?",
                status, caller.actor(), t, id);
        audit.record(new AuditEvent(t, caller.actor(), caller.role(), "duplicate." + status, "dedupe_suggestion",
                String.valueOf(id), Map.of("status", s.status()), Map.of("status", status), caller.requestId()));
        return find(t, id);
    }

    /** The record that has been in the core longer survives, unless the steward says otherwise. */
    private static String defaultSurvivor(Map<UUID, CoreRecord> pair, Row s) {
        CoreRecord left = pair.get(s.left());
        CoreRecord right = pair.get(s.right());
        return right.createdAt().isBefore(left.createdAt()) ? "right" : "left";
    }

    /** The suggestion, locked until the decision commits, if it is still open to a decision. */
    private Row decidable(UUID tenantId, long id) {
        Row s = jdbc.query(SELECT + " WHERE tenant_id = ? AND id = ? FOR UPDATE", (rs, i) -> row(rs), tenantId, id).stream()
                .findFirst().orElseThrow(() -> new Refusal(404, "not_found", "Duplicate suggestion not found"));
        if (!s.status().equals("pending") && !s.status().equals("deferred")) {
            throw new Refusal(409, "suggestion_decided", "Suggestion " + id + " is already " + s.status());
        }
        return s;
    }

    private Row load(UUID tenantId, long id) {
        return jdbc.query(SELECT + " WHERE tenant_id = ? AND id = ?", (rs, i) -> row(rs), tenantId, id).stream()
                .findFirst().orElseThrow(() -> Refusal.notFound("Duplicate suggestion"));
    }

    private List<SuggestionView> views(UUID tenantId, List<Row> rows) {
        Set<UUID> ids = new LinkedHashSet<>();
        rows.forEach(r -> {
            ids.add(r.left());
            ids.add(r.right());
        });
        Map<UUID, CoreRecord> byId = records.byIds(tenantId, ids);
        return rows.stream().map(r -> new SuggestionView(r.id(), r.entityType(), r.score(), r.status(), byId.get(r.left()),
                byId.get(r.right()), read(r.features()), r.runId(), r.mergeId(), r.decidedBy(), r.decidedAt(),
                r.createdAt())).toList();
    }

    private static Row row(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Row(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class), rs.getObject(4, UUID.class),
                rs.getDouble(5), rs.getString(6), rs.getString(7), rs.getObject(8, UUID.class),
                (Long) rs.getObject(9), rs.getString(10), rs.getObject(11, OffsetDateTime.class),
                rs.getObject(12, OffsetDateTime.class));
    }

    private Object read(String text) {
        try {
            return text == null ? null : json.readValue(personal.open(text), Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored features cannot be read", e);
        }
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
