package org.tenantio.importer.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.Page;

/** Lists a tenant's core records with the external ids that resolve to each and their lineage. */
@Component
public class RecordQueries {

    private static final String SELECT = """
            SELECT c.*, p.code AS pipeline_code,
                   (SELECT COALESCE(jsonb_agg(jsonb_build_object('system', m.external_system, 'id', m.external_id)
                                              ORDER BY m.first_seen_at, m.external_system, m.external_id), '[]')
                      FROM external_id_map m
                     WHERE m.tenant_id = c.tenant_id AND m.core_id = c.id
                       AND m.external_system NOT LIKE '%#content') AS external_ids
              FROM core_records c LEFT JOIN pipelines p ON p.id = c.x_pipeline_id AND p.tenant_id = c.tenant_id
            """;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public RecordQueries(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * One page of the tenant's live records of a type, oldest first, narrowed by the filter:
     * either at an offset or (with {@code after}) strictly after a cursor, which reads the
     * supporting index from the cursor on instead of counting past every earlier row.
     */
    public Page<CoreRecord> list(UUID tenantId, String entityType, RecordFilter filter, int limit, long offset,
                                 RecordCursor after) {
        return list(tenantId, entityType, filter, limit, offset, after, true);
    }

    /** Erased records are never listed; withdrawn ones only when asked for (privacy: issue 14). */
    public Page<CoreRecord> list(UUID tenantId, String entityType, RecordFilter filter, int limit, long offset,
                                 RecordCursor after, boolean withdrawnToo) {
        StringBuilder where = new StringBuilder(" WHERE c.tenant_id = ? AND c.entity_type = ? AND c.merged_into IS NULL"
                + " AND c.erased_at IS NULL" + (withdrawnToo ? "" : " AND c.consent_state <> 'withdrawn'"));
        List<Object> args = new ArrayList<>(List.of(tenantId, entityType));
        narrow(tenantId, filter, where, args);
        Long total = jdbc.queryForObject("SELECT count(*) FROM core_records c" + where, Long.class, args.toArray());
        StringBuilder page = new StringBuilder(where);
        List<Object> pageArgs = new ArrayList<>(args);
        if (after != null) {
            page.append(" AND (c.created_at, COALESCE(c.x_row_number, -1), c.id) > (?, ?, ?)");
            pageArgs.addAll(List.of(after.createdAt(), after.rowNumber(), after.id()));
        }
        page.append(" ORDER BY c.created_at, COALESCE(c.x_row_number, -1), c.id LIMIT ? OFFSET ?");
        pageArgs.add(limit + 1);
        pageArgs.add(after == null ? offset : 0);
        List<CoreRecord> items = new ArrayList<>(jdbc.query(SELECT + page, this::map, pageArgs.toArray()));
        String next = null;
        if (items.size() > limit) {
            items.remove(limit);
            CoreRecord last = items.get(limit - 1);
            Long row = last.lineage().rowNumber();
            next = new RecordCursor(last.createdAt(), row == null ? -1 : row, last.id()).encode();
        }
        return new Page<>(items, total == null ? 0 : total, limit, after == null ? offset : 0, next);
    }

    private void narrow(UUID tenantId, RecordFilter filter, StringBuilder where, List<Object> args) {
        if (filter.q() != null && !filter.q().isBlank()) {
            String like = "%" + likeEscaped(filter.q().strip().toLowerCase(Locale.ROOT)) + "%";
            where.append(" AND (lower(c.attributes->>'first_name') LIKE ? OR lower(c.attributes->>'last_name') LIKE ?"
                    + " OR lower(concat_ws(' ', c.attributes->>'first_name', c.attributes->>'last_name')) LIKE ?)");
            args.addAll(List.of(like, like, like));
        }
        if (filter.email() != null && !filter.email().isBlank()) {
            // Sealed emails are found by their keyed hash; a plain (legacy) value by itself.
            where.append(" AND (c.attributes->>'email#h' = ? OR (lower(c.attributes->>'email') = ?"
                    + " AND c.attributes->>'email' NOT LIKE 'enc:v1:%'))");
            args.add(personal.lookup(tenantId, "email", filter.email()));
            args.add(filter.email().strip().toLowerCase(Locale.ROOT));
        }
        if (filter.externalId() != null && !filter.externalId().isBlank()) {
            where.append(" AND EXISTS (SELECT 1 FROM external_id_map m WHERE m.tenant_id = c.tenant_id"
                    + " AND m.entity_type = c.entity_type AND m.core_id = c.id AND m.external_id = ?"
                    + " AND m.external_system NOT LIKE '%#content')");
            args.add(filter.externalId().strip());
        }
        if (filter.updatedSince() != null) {
            where.append(" AND c.updated_at >= ?");
            args.add(filter.updatedSince());
        }
    }

    private static String likeEscaped(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /**
     * Live records whose name, email or external id contains the text (case-insensitive), for the
     * console's record search; the same shape and order as {@link #list}.
     */
    public Page<CoreRecord> search(UUID tenantId, String entityType, String text, int limit, long offset) {
        String like = "%" + text.strip().toLowerCase(java.util.Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                .replace("_", "\\_") + "%";
        String where = """
                 WHERE c.tenant_id = ? AND c.entity_type = ? AND c.merged_into IS NULL
                   AND (lower(concat_ws(' ', c.attributes ->> 'first_name', c.attributes ->> 'last_name')) LIKE ?
                        OR (lower(c.attributes ->> 'email') LIKE ? AND c.attributes ->> 'email' NOT LIKE 'enc:v1:%')
                        OR c.attributes ->> 'email#h' = ?
                        OR EXISTS (SELECT 1 FROM external_id_map m WHERE m.tenant_id = c.tenant_id AND m.core_id = c.id
                                     AND m.external_system NOT LIKE '%#content' AND lower(m.external_id) LIKE ?))""";
        // A sealed email matches the whole address only (its keyed hash), not a part of it.
        String emailHash = personal.lookup(tenantId, "email", text);
        Long total = jdbc.queryForObject("SELECT count(*) FROM core_records c " + where, Long.class,
                tenantId, entityType, like, like, emailHash, like);
        List<CoreRecord> items = jdbc.query(SELECT + " " + where + " ORDER BY c.created_at, c.x_row_number, c.id LIMIT ? OFFSET ?",
                this::map, tenantId, entityType, like, like, emailHash, like, limit, offset);
        return new Page<>(items, total == null ? 0 : total, limit, offset);
    }

    /** Records by id, merged ones included (a review shows both sides of a pair). */
    public java.util.Map<UUID, CoreRecord> byIds(UUID tenantId, java.util.Collection<UUID> ids) {
        java.util.Map<UUID, CoreRecord> out = new java.util.HashMap<>();
        if (ids.isEmpty()) {
            return out;
        }
        jdbc.query(SELECT + " WHERE c.tenant_id = ? AND c.id = ANY(?)", rs -> {
            CoreRecord r = map(rs, 0);
            out.put(r.id(), r);
        }, tenantId, ids.toArray(UUID[]::new));
        return out;
    }

    private CoreRecord map(ResultSet rs, int i) throws SQLException {
        return new CoreRecord(
                rs.getObject("id", UUID.class),
                rs.getString("entity_type"),
                read(personal.open(rs.getString("attributes"))),
                read(rs.getString("external_ids")),
                new Lineage(rs.getObject("x_tenant_id", UUID.class), rs.getString("pipeline_code"),
                        rs.getObject("x_run_id", UUID.class), rs.getString("x_source_file"),
                        (Long) rs.getObject("x_row_number"), rs.getObject("x_ingested_at", OffsetDateTime.class)),
                rs.getObject("merged_into", UUID.class),
                rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    private Object read(String text) {
        try {
            return json.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored record JSON cannot be read", e);
        }
    }

    public record CoreRecord(UUID id, String entityType, Object attributes, Object externalIds, Lineage lineage,
                             UUID mergedInto, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public record Lineage(UUID tenantId, String pipeline, UUID runId, String sourceFile, Long rowNumber,
                          OffsetDateTime ingestedAt) {
    }

    /** Stored personal values are decrypted, and exact lookups hashed, here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
