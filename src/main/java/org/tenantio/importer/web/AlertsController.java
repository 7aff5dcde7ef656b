package org.tenantio.importer.web;

import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.alerting.Alert;
import org.tenantio.importer.alerting.AlertChannels;
import org.tenantio.importer.alerting.Alerts;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;

/** What fired (any role), and where the tenant is told (admins). */
@RestController
public class AlertsController {

    private final Alerts alerts;
    private final AlertChannels channels;
    private final AuditLog audit;

    public AlertsController(Alerts alerts, AlertChannels channels, AuditLog audit) {
        this.alerts = alerts;
        this.channels = channels;
        this.audit = audit;
    }

    @GetMapping("/api/v1/alerts")
    public Page<Alert> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String pipeline, @RequestParam(required = false) String since,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset) {
        Page.checkBounds(limit, offset);
        UUID tenant = caller.tenant().id();
        java.time.OffsetDateTime from = Times.parse("since", since);
        return new Page<>(alerts.list(tenant, pipeline, from, limit, offset), alerts.count(tenant, pipeline, from), limit, offset);
    }

    @GetMapping("/api/v1/alert-channels")
    public Page<AlertChannels.Channel> channels(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller) {
        Roles.require(caller, "read alert channels", Roles.ADMINS);
        return Page.of(channels.list(caller.tenant().id()));
    }

    @PostMapping("/api/v1/alert-channels")
    public ResponseEntity<AlertChannels.Channel> add(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestBody(required = false) Map<String, Object> body) {
        Roles.require(caller, "configure alert channels", Roles.ADMINS);
        Object kind = body == null ? null : body.get("kind");
        Object target = body == null ? null : body.get("target");
        AlertChannels.Channel c = channels.add(caller.tenant().id(), kind instanceof String k ? k : null,
                target instanceof String t ? t : null, caller.actor());
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "alert_channel.created",
                "alert_channel", c.id().toString(), null, Map.of("kind", c.kind()), caller.requestId()));
        return ResponseEntity.created(URI.create("/api/v1/alert-channels/" + c.id())).body(c);
    }

    @DeleteMapping("/api/v1/alert-channels/{id}")
    public ResponseEntity<Void> delete(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        Roles.require(caller, "configure alert channels", Roles.ADMINS);
        UUID channelId = Ids.parse(id, "Alert channel");
        if (!channels.delete(caller.tenant().id(), channelId)) {
            throw ApiException.notFound("Alert channel");
        }
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "alert_channel.deleted",
                "alert_channel", id, null, null, caller.requestId()));
        return ResponseEntity.noContent().build();
    }
}
