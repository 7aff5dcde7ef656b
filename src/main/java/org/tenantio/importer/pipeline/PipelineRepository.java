package org.tenantio.importer.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Pipelines, always looked up within one tenant. */
@Component
public class PipelineRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public PipelineRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public Optional<Pipeline> findByCode(UUID tenantId, String code) {
        return jdbc.query("SELECT * FROM pipelines WHERE tenant_id = ? AND code = ? AND deleted_at IS NULL", this::map,
                tenantId, code).stream().findFirst();
    }

    /** The pipeline, locked until the transaction ends, so two status changes cannot interleave. */
    public Optional<Pipeline> lockByCode(UUID tenantId, String code) {
        return jdbc.query("SELECT * FROM pipelines WHERE tenant_id = ? AND code = ? AND deleted_at IS NULL FOR UPDATE",
                this::map, tenantId, code).stream().findFirst();
    }

    public Optional<PipelineDetail> detail(UUID tenantId, String code) {
        return jdbc.query("SELECT * FROM pipelines WHERE tenant_id = ? AND code = ? AND deleted_at IS NULL",
                this::mapDetail, tenantId, code).stream().findFirst();
    }

    public List<PipelineDetail> list(UUID tenantId, PipelineFilter filter, int limit, long offset) {
        List<Object> args = new ArrayList<>();
        String where = where(tenantId, filter, args);
        args.add(limit);
        args.add(offset);
        return jdbc.query("SELECT * FROM pipelines" + where + " ORDER BY code LIMIT ? OFFSET ?", this::mapDetail,
                args.toArray());
    }

    public long count(UUID tenantId, PipelineFilter filter) {
        List<Object> args = new ArrayList<>();
        String where = where(tenantId, filter, args);
        return jdbc.queryForObject("SELECT count(*) FROM pipelines" + where, Long.class, args.toArray());
    }

    private static String where(UUID tenantId, PipelineFilter filter, List<Object> args) {
        StringBuilder where = new StringBuilder(" WHERE tenant_id = ? AND deleted_at IS NULL");
        args.add(tenantId);
        if (filter.status() != null) {
            where.append(" AND status = ?");
            args.add(filter.status());
        }
        if (filter.direction() != null) {
            where.append(" AND direction = ?");
            args.add(filter.direction());
        }
        if (filter.targetType() != null) {
            where.append(" AND target_type = ?");
            args.add(filter.targetType());
        }
        return where.toString();
    }

    /** Stores a client's definition as a draft; the first transition says who created it. */
    public UUID define(UUID tenantId, PipelineDefinition d, String actor, String actorRole) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO pipelines (id, tenant_id, code, name, direction, formats, target_type, mapping_ref, mapping_inline,
                                       status, schedule, destinations, options, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?::jsonb, ?::jsonb, ?)""",
                id, tenantId, d.code(), d.name(), d.direction(), d.formats().toArray(String[]::new), d.targetType(),
                d.mappingRef(), d.mappingInline(), d.schedule(), toJson(d.destinations()), toJson(d.options()), actor);
        recordTransition(tenantId, id, null, Lifecycle.DRAFT, actor, actorRole, "created");
        return id;
    }

    /** Replaces the definition (not the code, status or creator). */
    public void redefine(UUID tenantId, UUID id, PipelineDefinition d) {
        jdbc.update("""
                UPDATE pipelines SET name = ?, direction = ?, formats = ?, target_type = ?, mapping_ref = ?, mapping_inline = ?,
                       schedule = ?, destinations = ?::jsonb, options = ?::jsonb, updated_at = now()
                WHERE tenant_id = ? AND id = ?""",
                d.name(), d.direction(), d.formats().toArray(String[]::new), d.targetType(), d.mappingRef(),
                d.mappingInline(), d.schedule(), toJson(d.destinations()), toJson(d.options()), tenantId, id);
    }

    /** A changed definition is no longer what was requested or approved: it starts the round again. */
    public void backToDraft(UUID tenantId, UUID id, String from, String actor, String actorRole) {
        setStatus(tenantId, id, Lifecycle.DRAFT);
        recordTransition(tenantId, id, from, Lifecycle.DRAFT, actor, actorRole, "definition changed");
    }

    public void setStatus(UUID tenantId, UUID id, String status) {
        jdbc.update("UPDATE pipelines SET status = ?, updated_at = now() WHERE tenant_id = ? AND id = ?", status, tenantId, id);
    }

    public void recordTransition(UUID tenantId, UUID id, String from, String to, String actor, String actorRole,
                                 String reason) {
        jdbc.update("""
                INSERT INTO pipeline_transitions (tenant_id, pipeline_id, from_status, to_status, actor, actor_role, reason,
                                                  actor_owner)
                VALUES (?, ?, ?, ?, ?, ?, ?, (SELECT COALESCE(k.owner, 'legacy:' || k.prefix) FROM api_keys k
                                               WHERE k.tenant_id = ? AND 'key:' || k.id::text = ?))""",
                // The person behind the key: four-eyes compares people, not keys.
                tenantId, id, from, to, actor, actorRole, reason, tenantId, actor);
    }

    /** Frees the code; the row stays so runs and audit entries keep their pipeline. */
    public void delete(UUID tenantId, UUID id) {
        jdbc.update("UPDATE pipelines SET deleted_at = now(), updated_at = now() WHERE tenant_id = ? AND id = ?",
                tenantId, id);
    }

    public boolean hasUnfinishedRuns(UUID tenantId, UUID id) {
        return Boolean.TRUE.equals(jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM runs WHERE tenant_id = ? AND pipeline_id = ?
                               AND status IN ('queued','validating','running'))""", Boolean.class, tenantId, id));
    }

    public List<PipelineTransition> transitions(UUID tenantId, UUID id) {
        return jdbc.query("""
                SELECT from_status, to_status, actor, actor_role, reason, created_at FROM pipeline_transitions
                WHERE tenant_id = ? AND pipeline_id = ? ORDER BY id""",
                (rs, i) -> new PipelineTransition(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getObject(6, OffsetDateTime.class)), tenantId, id);
    }


    public Optional<Pipeline> findById(UUID tenantId, UUID id) {
        return jdbc.query("SELECT * FROM pipelines WHERE tenant_id = ? AND id = ?", this::map, tenantId, id)
                .stream().findFirst();
    }

    /** Stores a new pipeline in the given status and records how it got there. */
    public UUID create(UUID tenantId, Pipeline p, String actor, String reason) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO pipelines (id, tenant_id, code, name, direction, formats, target_type, mapping_ref, status,
                                       options, created_by)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?::jsonb, ?)""",
                id, tenantId, p.code(), p.name(), p.direction(), p.formats().toArray(String[]::new), p.targetType(),
                p.mappingRef(), p.status(), toJson(p.options()), actor);
        recordTransition(tenantId, id, null, p.status(), actor, null, reason);
        return id;
    }

    /** Replaces a pipeline's options (the caller audits the change). */
    public void updateOptions(UUID tenantId, UUID id, Map<String, Object> options) {
        jdbc.update("UPDATE pipelines SET options = ?::jsonb, updated_at = now() WHERE tenant_id = ? AND id = ?",
                toJson(options), tenantId, id);
    }

    /** Sets an export pipeline's schedule (Quartz cron, or null) and destinations (the caller validates and audits). */
    public void updateExportSettings(UUID tenantId, UUID id, String schedule, java.util.List<?> destinations) {
        jdbc.update("""
                UPDATE pipelines SET schedule = ?, destinations = ?::jsonb, updated_at = now()
                 WHERE tenant_id = ? AND id = ?""", schedule, toJson(destinations), tenantId, id);
    }

    private Pipeline map(ResultSet rs, int i) throws SQLException {
        Array formats = rs.getArray("formats");
        return new Pipeline(
                rs.getObject("id", UUID.class),
                rs.getObject("tenant_id", UUID.class),
                rs.getString("code"),
                rs.getString("name"),
                rs.getString("direction"),
                Arrays.asList((String[]) formats.getArray()),
                rs.getString("target_type"),
                rs.getString("mapping_ref"),
                rs.getString("status"),
                readMap(rs.getString("options")));
    }

    private PipelineDetail mapDetail(ResultSet rs, int i) throws SQLException {
        Pipeline p = map(rs, i);
        String inline = rs.getString("mapping_inline");
        return new PipelineDetail(p.id(), p.code(), p.name(), p.direction(), p.formats(), p.targetType(), p.mappingRef(),
                inline == null ? null : readMap(inline), rs.getString("schedule"), readList(rs.getString("destinations")),
                p.options(), p.status(), rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class),
                rs.getObject("updated_at", OffsetDateTime.class));
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> readList(String text) {
        try {
            return json.readValue(text, List.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored pipeline destinations cannot be read", e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> readMap(String text) {
        try {
            return json.readValue(text, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored pipeline definition cannot be read", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Pipeline options cannot be written", e);
        }
    }
}
