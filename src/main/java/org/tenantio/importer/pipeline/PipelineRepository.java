package org.tenantio.importer.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
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
        return jdbc.query("SELECT * FROM pipelines WHERE tenant_id = ? AND code = ?", this::map, tenantId, code)
                .stream().findFirst();
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
        jdbc.update("""
                INSERT INTO pipeline_transitions (tenant_id, pipeline_id, from_status, to_status, actor, reason)
                VALUES (?, ?, NULL, ?, ?, ?)""", tenantId, id, p.status(), actor, reason);
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

    @SuppressWarnings("unchecked")
    private Map<String, Object> readMap(String text) {
        try {
            return json.readValue(text, LinkedHashMap.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored pipeline options cannot be read", e);
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
