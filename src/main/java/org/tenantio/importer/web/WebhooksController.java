package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.delivery.WebhookRepository;
import org.tenantio.importer.delivery.WebhookRepository.Webhook;
import org.tenantio.importer.delivery.Webhooks;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** A tenant's webhooks (admin only): the signing secret is in the creation answer and nowhere else. */
@RestController
@RequestMapping("/api/v1/webhooks")
public class WebhooksController {

    private final WebhookRepository hooks;
    private final Webhooks webhooks;
    private final AuditLog audit;

    public WebhooksController(WebhookRepository hooks, Webhooks webhooks, AuditLog audit) {
        this.hooks = hooks;
        this.webhooks = webhooks;
        this.audit = audit;
    }

    @PostMapping
    public ResponseEntity<Created> create(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
                                          @RequestBody(required = false) Map<String, Object> body) {
        Roles.require(caller, "configure webhooks", Roles.ADMINS);
        Object url = body == null ? null : body.get("url");
        String problem = url instanceof String u ? webhooks.problem(u) : "required: the http(s) URL to call";
        if (problem != null) {
            throw new ApiException(400, "invalid_webhook", "The webhook cannot be created",
                    List.of(Map.of("field", "url", "message", problem)));
        }
        Webhook hook = hooks.create(caller.tenant().id(), (String) url, caller.actor());
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "webhook.created", "webhook",
                hook.id().toString(), null, Map.of("url", hook.url()), caller.requestId()));
        return ResponseEntity.created(URI.create("/api/v1/webhooks/" + hook.id()))
                .body(new Created(hook.id(), hook.url(), webhooks.secret(hook.id()), Webhooks.SIGNATURE, hook.createdAt()));
    }

    @GetMapping
    public Page<Webhook> list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller) {
        Roles.require(caller, "read webhooks", Roles.ADMINS);
        return Page.of(hooks.list(caller.tenant().id()));
    }

    @DeleteMapping("/{id}")
    public ResponseEntity<Void> delete(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @PathVariable String id) {
        Roles.require(caller, "configure webhooks", Roles.ADMINS);
        UUID hookId = Ids.parse(id, "Webhook");
        Webhook hook = hooks.find(caller.tenant().id(), hookId).orElseThrow(() -> ApiException.notFound("Webhook"));
        hooks.delete(caller.tenant().id(), hookId);
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "webhook.deleted", "webhook",
                id, Map.of("url", hook.url()), null, caller.requestId()));
        return ResponseEntity.noContent().build();
    }

    /** The creation answer: the only time the secret is shown. */
    public record Created(UUID id, String url, String secret, String signatureHeader, OffsetDateTime createdAt) {
    }
}
