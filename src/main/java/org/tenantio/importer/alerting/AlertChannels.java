package org.tenantio.importer.alerting;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.validator.routines.EmailValidator;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.delivery.DeliveryAllowlist;
import org.tenantio.importer.delivery.DeliveryRefused;
import org.tenantio.importer.system.Refusal;

/**
 * A tenant's alert channels: Slack-compatible incoming webhooks (a whole https URL whose host is
 * in the delivery allowlist, checked again before every call) and email addresses.
 */
@Component
public class AlertChannels {

    public static final List<String> KINDS = List.of("slack", "email");

    private final JdbcTemplate jdbc;
    private final DeliveryAllowlist allowlist;

    public AlertChannels(JdbcTemplate jdbc, DeliveryAllowlist allowlist) {
        this.jdbc = jdbc;
        this.allowlist = allowlist;
    }

    public record Channel(UUID id, String kind, String target, String createdBy, OffsetDateTime createdAt) {
    }

    public Channel add(UUID tenantId, String kind, String target, String actor) {
        String problem = problem(kind, target);
        if (problem != null) {
            throw new ChannelRefused(problem);
        }
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO alert_channels (id, tenant_id, kind, target, created_by) VALUES (?, ?, ?, ?, ?)",
                id, tenantId, kind, target.strip(), actor);
        return find(tenantId, id).orElseThrow();
    }

    public List<Channel> list(UUID tenantId) {
        return jdbc.query("SELECT * FROM alert_channels WHERE tenant_id = ? ORDER BY created_at, id",
                (rs, i) -> new Channel(rs.getObject("id", UUID.class), rs.getString("kind"), rs.getString("target"),
                        rs.getString("created_by"), rs.getObject("created_at", OffsetDateTime.class)), tenantId);
    }

    public Optional<Channel> find(UUID tenantId, UUID id) {
        return list(tenantId).stream().filter(c -> c.id().equals(id)).findFirst();
    }

    public boolean delete(UUID tenantId, UUID id) {
        return jdbc.update("DELETE FROM alert_channels WHERE tenant_id = ? AND id = ?", tenantId, id) > 0;
    }

    private String problem(String kind, String target) {
        if (kind == null || !KINDS.contains(kind)) {
            return "kind must be one of " + String.join(", ", KINDS);
        }
        if (target == null || target.isBlank() || target.length() > 2000) {
            return "target is required (at most 2000 characters)";
        }
        if ("email".equals(kind)) {
            return EmailValidator.getInstance().isValid(target.strip()) ? null : "target must be an email address";
        }
        try {
            String host = DeliveryAllowlist.httpHost(target.strip());
            return allowlist.allows(host) ? null : "host '" + host + "' is not in the delivery allowlist";
        } catch (DeliveryRefused e) {
            return e.getMessage();
        }
    }

    /** A channel that cannot be added: 400 with the reason. */
    public static class ChannelRefused extends Refusal {
        ChannelRefused(String message) {
            super(400, "invalid_alert_channel", message);
        }
    }
}
