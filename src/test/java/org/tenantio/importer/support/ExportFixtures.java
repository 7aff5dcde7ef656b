package org.tenantio.importer.support;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineChanged;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.support.TestTenants.TestTenant;

/** Export pipelines and core records for export tests, stored as the service stores them. */
@Component
public class ExportFixtures {

    private final PipelineRepository pipelines;
    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final ApplicationEventPublisher events;

    public ExportFixtures(PipelineRepository pipelines, JdbcTemplate jdbc, ObjectMapper json, ApplicationEventPublisher events) {
        this.pipelines = pipelines;
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /** An active export pipeline of persons. */
    public UUID pipeline(TestTenant t, String code, String format, Map<String, Object> options, String schedule,
                         List<Map<String, Object>> destinations) {
        UUID id = pipelines.create(t.id(), new Pipeline(null, t.id(), code, code, "export", List.of(format), "person", null,
                "active", options), "test", "test set-up");
        pipelines.updateExportSettings(t.id(), id, schedule, destinations);
        return id;
    }

    /** What the pipeline API will do after a change: tell the listeners. */
    public void changed(TestTenant t, UUID pipelineId, String code, String status) {
        events.publishEvent(new PipelineChanged(t.id(), pipelineId, code, status));
    }

    public void setStatus(TestTenant t, UUID pipelineId, String status) {
        jdbc.update("UPDATE pipelines SET status = ? WHERE tenant_id = ? AND id = ?", status, t.id(), pipelineId);
    }

    public UUID person(TestTenant t, String consent, Map<String, Object> attributes) {
        UUID id = UUID.randomUUID();
        try {
            jdbc.update("""
                    INSERT INTO core_records (id, tenant_id, entity_type, attributes, content_hash, consent_state, x_tenant_id)
                    VALUES (?, ?, 'person', ?::jsonb, 'test', ?, ?)""",
                    id, t.id(), json.writeValueAsString(attributes), consent, t.id());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        return id;
    }

    public static Map<String, Object> file(String path) {
        return path == null ? Map.of("type", "file") : Map.of("type", "file", "path", path);
    }
}
