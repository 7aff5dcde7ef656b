package org.tenantio.importer.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.camel.Body;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.Headers;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.run.RunFinished;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.system.InstallationSecrets;
import org.tenantio.importer.system.TenantScope;

/**
 * Tells a tenant's webhooks when any run finishes: a JSON summary POSTed by the webhook-delivery
 * route (retried with backoff), signed {@code X-Signature: t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body">}
 * with the hook's secret, so a receiver can refuse a replayed call by its age. The secret is derived
 * from the installation's signing key (IMPORTER_WEBHOOK_KEY, or generated once per installation) and
 * the hook id, so it is shown once at creation and stored nowhere.
 */
@Component("webhooks")
public class Webhooks {

    public static final String ENDPOINT = "seda:webhooks";
    public static final String SIGNATURE = "X-Signature";
    private static final Logger log = LoggerFactory.getLogger(Webhooks.class);

    private final WebhookRepository hooks;
    private final RunRepository runs;
    private final DeliveryAllowlist allowlist;
    private final AuditLog audit;
    private final ProducerTemplate producer;
    private final ObjectMapper json;
    private final byte[] signingKey;
    private final Clock clock;

    public Webhooks(WebhookRepository hooks, RunRepository runs, DeliveryAllowlist allowlist, AuditLog audit,
                    ProducerTemplate producer, ObjectMapper json, InstallationSecrets secrets, Clock clock) {
        this.hooks = hooks;
        this.runs = runs;
        this.allowlist = allowlist;
        this.audit = audit;
        this.producer = producer;
        this.json = json;
        this.signingKey = secrets.get("webhook-signing", "importer.delivery.webhook-signing-key");
        this.clock = clock;
    }

    /** One POST to one hook: what the route carries. */
    public record Call(UUID hookId, UUID tenantId, String url, String event, String body) {
    }

    /** The hook's signing secret (hex). */
    public String secret(UUID hookId) {
        return Hmac.sha256Hex(signingKey, hookId.toString());
    }

    /** Why a URL cannot be a webhook, or null. */
    public String problem(String url) {
        try {
            String host = HttpTarget.parse(url).host();
            return allowlist.allows(host) ? null : "host '" + host + "' is not in the delivery allowlist";
        } catch (DeliveryRefused e) {
            return e.getMessage();
        }
    }

    /** After the run's final status committed: queue one call per hook of the tenant. */
    @TransactionalEventListener(fallbackExecution = true)
    public void onRunFinished(RunFinished finished) {
        TenantScope.run(finished.tenantId(), () -> {
            List<WebhookRepository.Webhook> targets = hooks.list(finished.tenantId());
            if (targets.isEmpty()) {
                return;
            }
            RunView run = runs.find(finished.tenantId(), finished.runId()).orElseThrow();
            String event = "run." + finished.status().key();
            String body = write(summary(run, event));
            targets.forEach(h -> producer.sendBody(ENDPOINT, new Call(h.id(), h.tenantId(), h.url(), event, body)));
        });
    }

    private static Map<String, Object> summary(RunView run, String event) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("event", event);
        s.put("runId", run.id());
        s.put("pipeline", run.pipelineCode());
        s.put("status", run.status().key());
        s.put("trigger", run.trigger());
        s.put("counts", run.counts());
        if (run.report().get("error") != null) {
            s.put("error", run.report().get("error"));
        }
        if (run.report().get("deliveries") != null) {
            s.put("deliveries", run.report().get("deliveries"));
        }
        // What a reader should look at even when the run completed: drift warnings and leak alarms.
        s.put("warnings", run.report().getOrDefault("warnings", List.of()));
        s.put("anomalies", run.report().getOrDefault("anomalies", List.of()));
        s.put("completedAt", run.completedAt());
        s.put("links", Map.of("run", "/api/v1/runs/" + run.id(), "transitions", "/api/v1/runs/" + run.id() + "/transitions"));
        return s;
    }

    /** Headers and target of one call; the body stays the JSON text that was signed. */
    public String prepare(@Body Call call, @Headers Map<String, Object> headers, @ExchangeProperties Map<String, Object> properties) {
        properties.put("webhookCall", call);
        HttpTarget target = HttpTarget.parse(call.url());
        allowlist.check(target.host());
        headers.clear();
        headers.put(Exchange.HTTP_METHOD, "POST");
        headers.put(Exchange.CONTENT_TYPE, "application/json");
        if (target.query() != null) {
            headers.put(Exchange.HTTP_QUERY, target.query());
        }
        headers.put("X-Importer-Event", call.event());
        headers.put("X-Importer-Hook", call.hookId().toString());
        headers.put(SIGNATURE, signature(call.hookId(), clock.instant().getEpochSecond(), call.body()));
        properties.put("webhookUrl", target.endpointUri());
        return call.body();
    }

    /** {@code t=<unix seconds>,v1=<hex HMAC-SHA-256 of "t.body" under the hook's secret>}. */
    public String signature(UUID hookId, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1="
                + Hmac.sha256Hex(secret(hookId).getBytes(StandardCharsets.UTF_8), unixSeconds + "." + body);
    }

    /** Retries are over: recorded in the audit log (the run itself is unaffected). */
    public void gaveUp(@ExchangeProperties Map<String, Object> properties, Exception cause) {
        Call call = (Call) properties.get("webhookCall");
        if (call == null) {
            return;
        }
        String error = ExportDelivery.describe(cause);
        log.warn("Webhook {} gave up: {}", call.hookId(), error);
        TenantScope.run(call.tenantId(), () -> audit.record(AuditEvent.system(call.tenantId(), "webhooks", "webhook.failed",
                "webhook", call.hookId().toString(), Map.of("event", call.event(), "error", error))));
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Webhook body cannot be written", e);
        }
    }
}
