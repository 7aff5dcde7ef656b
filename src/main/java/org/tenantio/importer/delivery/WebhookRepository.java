package org.tenantio.importer.delivery;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;

/** A tenant's webhooks; the signing secret is derived, never stored. */
@Component
public class WebhookRepository {

    private static final RowMapper<Webhook> MAP = (rs, i) -> new Webhook(rs.getObject("id", UUID.class),
            rs.getObject("tenant_id", UUID.class), rs.getString("url"), rs.getString("created_by"),
            rs.getObject("created_at", OffsetDateTime.class));

    private final JdbcTemplate jdbc;

    public WebhookRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Webhook(UUID id, UUID tenantId, String url, String createdBy, OffsetDateTime createdAt) {
    }

    public Webhook create(UUID tenantId, String url, String actor) {
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO webhooks (id, tenant_id, url, created_by) VALUES (?, ?, ?, ?)", id, tenantId, url, actor);
        return find(tenantId, id).orElseThrow();
    }

    public Optional<Webhook> find(UUID tenantId, UUID id) {
        return jdbc.query("SELECT * FROM webhooks WHERE tenant_id = ? AND id = ?", MAP, tenantId, id).stream().findFirst();
    }

    public List<Webhook> list(UUID tenantId) {
        return jdbc.query("SELECT * FROM webhooks WHERE tenant_id = ? ORDER BY created_at, id", MAP, tenantId);
    }

    public boolean delete(UUID tenantId, UUID id) {
        return jdbc.update("DELETE FROM webhooks WHERE tenant_id = ? AND id = ?", tenantId, id) > 0;
    }
}
