package org.tenantio.importer.delivery;

import org.tenantio.importer.system.LogContext;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Map;
import org.apache.camel.Body;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ExchangeProperties;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.apache.camel.http.base.HttpOperationFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.system.TenantScope;

/**
 * The export-delivery route's beans: {@link #prepare} turns a delivery into the Camel endpoint
 * and headers that carry the file (a folder, SFTP or HTTP: the route sends it), {@link #delivered}
 * and {@link #deadLetter} record the outcome once retries are over.
 */
@Component("exportDelivery")
public class ExportDelivery {

    public static final String TASK = "delivery";
    public static final String URI = "deliveryUri";
    private static final java.util.regex.Pattern QUERY = java.util.regex.Pattern.compile("\\?[^\\s\"']*");
    private static final Logger log = LoggerFactory.getLogger(ExportDelivery.class);

    private final DeliveryAllowlist allowlist;
    private final Secrets secrets;
    private final DeliveryRepository deliveries;
    private final AuditLog audit;
    private final CamelContext camel;
    private final Path outbox;
    private final Path knownHosts;
    private final int maxRedeliveries;
    private final byte[] registryKey = new SecureRandom().generateSeed(32);

    private static final String OWN_LOG_CONTEXT = "importer.deliveryLogContext";

    public ExportDelivery(DeliveryAllowlist allowlist, Secrets secrets, DeliveryRepository deliveries, AuditLog audit,
                          CamelContext camel, org.tenantio.importer.system.ImporterProperties importer,
                          DeliveryProperties properties) {
        this.allowlist = allowlist;
        this.secrets = secrets;
        this.deliveries = deliveries;
        this.audit = audit;
        this.camel = camel;
        this.outbox = importer.outbox();
        this.knownHosts = properties.knownHostsFile();
        this.maxRedeliveries = properties.maxRedeliveries();
    }

    /** Sets the endpoint (property deliveryUri) and headers for one delivery; the body becomes the file. */
    public Object prepare(@Body DeliveryTask task, @Headers Map<String, Object> headers,
                          @ExchangeProperties Map<String, Object> properties) {
        Destination d = task.destination();
        headers.clear();
        properties.put(TASK, task);
        if (!task.runId().toString().equals(org.slf4j.MDC.get(LogContext.RUN_ID))) {
            // A redelivery, on a thread of its own: its lines carry the run's ids until its outcome is recorded.
            LogContext.enterRun(task.runId(), task.tenantCode(), task.pipelineCode(), null);
            properties.put(OWN_LOG_CONTEXT, true);
        }
        switch (d.kind()) {
            case "file" -> {
                Path folder = tenantOutbox(task);
                headers.put(Exchange.FILE_NAME, task.fileName());
                // Written under a temporary name and renamed when complete: readers never see half a file.
                properties.put(URI, "file:" + folder + "?tempPrefix=.partial-&fileExist=Override");
            }
            case "sftp" -> {
                SftpTarget target = SftpTarget.of(d);
                allowlist.check(target.host());
                boolean password = d.text("passwordSecretRef") != null;
                String secret = secrets.resolve(password ? d.text("passwordSecretRef") : d.text("privateKeySecretRef"));
                String ref = bindSecret(password ? secret : secret.getBytes(StandardCharsets.UTF_8), secret);
                headers.put(Exchange.FILE_NAME, task.fileName());
                properties.put(URI, target.endpointUri(password, ref, knownHosts));
            }
            case "http" -> {
                HttpTarget target = HttpTarget.parse(d.text("url"));
                allowlist.check(target.host());
                // Only the definition's own headers, and of those only what a definition may set (a stored
                // definition may predate the check): never a Camel header that would re-route the call.
                d.headers().forEach((name, value) -> {
                    if (Destination.headerProblem(name, value) == null) {
                        headers.put(name, value);
                    }
                });
                if (d.text("authSecretRef") != null) {
                    headers.put("Authorization", secrets.resolve(d.text("authSecretRef")));
                }
                headers.put(Exchange.HTTP_METHOD, d.text("method") == null ? "POST" : d.text("method"));
                headers.put(Exchange.CONTENT_TYPE, task.fileName().endsWith(".xlsx")
                        ? "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" : "text/csv; charset=UTF-8");
                headers.put("X-Export-File-Name", task.fileName());
                if (target.query() != null) {
                    headers.put(Exchange.HTTP_QUERY, target.query());
                }
                properties.put(URI, target.endpointUri());
            }
            default -> throw new DeliveryRefused("Unknown destination type '" + d.kind() + "'");
        }
        return task.file().toFile();
    }

    public void delivered(@ExchangeProperties Map<String, Object> properties,
                          @Header(Exchange.REDELIVERY_COUNTER) Integer redeliveries) {
        DeliveryTask task = (DeliveryTask) properties.get(TASK);
        String to = describe(task);
        TenantScope.run(task.tenantId(), () -> deliveries.delivered(task.tenantId(), task.deliveryId(), attempts(redeliveries), to));
        log.info("Run {}: export delivered to destination {} ({})", task.runId(), task.destination().position(),
                task.destination().kind());
        leaveOwnLogContext(properties, task);
    }

    /** Retries are over (or the delivery was refused): the destination is failed with the last error. */
    public void deadLetter(@ExchangeProperties Map<String, Object> properties, Exception cause) {
        DeliveryTask task = (DeliveryTask) properties.get(TASK);
        if (task == null) {
            log.error("A delivery failed before it was prepared: {}", cause == null ? "?" : cause.getClass().getName());
            return;
        }
        String error = describe(cause);
        // Camel clears its redelivery headers before the dead letter: a refusal was tried once, the rest every time.
        int attempts = cause instanceof DeliveryRefused ? 1 : 1 + maxRedeliveries;
        TenantScope.run(task.tenantId(), () -> {
            deliveries.failed(task.tenantId(), task.deliveryId(), attempts, error);
            audit.record(AuditEvent.system(task.tenantId(), "delivery", "export.delivery_failed", "run",
                    task.runId().toString(), Map.of("destination", task.destination().position(),
                            "type", task.destination().kind(), "error", error)));
        });
        log.warn("Run {}: delivery to destination {} ({}) failed: {}", task.runId(), task.destination().position(),
                task.destination().kind(), error);
        leaveOwnLogContext(properties, task);
    }

    private static void leaveOwnLogContext(Map<String, Object> properties, DeliveryTask task) {
        if (Boolean.TRUE.equals(properties.get(OWN_LOG_CONTEXT))) {
            LogContext.leaveRun(task.runId());
        }
    }

    private static int attempts(Integer redeliveries) {
        return 1 + (redeliveries == null ? 0 : redeliveries);
    }

    private Path tenantOutbox(DeliveryTask task) {
        Path folder = outbox.resolve(task.tenantCode());
        String sub = task.destination().text("path");
        Path target = sub == null || sub.isBlank() ? folder : folder.resolve(sub).normalize();
        if (!target.startsWith(folder)) {
            throw new DeliveryRefused("Folder '" + sub + "' is outside the tenant's outbox");
        }
        return target;
    }

    private String describe(DeliveryTask task) {
        Destination d = task.destination();
        return switch (d.kind()) {
            case "file" -> outbox.relativize(tenantOutbox(task).resolve(task.fileName())).toString();
            case "sftp" -> SftpTarget.of(d).display(task.fileName());
            default -> (d.text("method") == null ? "POST" : d.text("method")) + " " + HttpTarget.parse(d.text("url")).display();
        };
    }

    /** The last error as the run shows it: the innermost cause's type and message, kept short. */
    static String describe(Throwable cause) {
        if (cause == null) {
            return "unknown error";
        }
        Throwable root = cause;
        while (root.getCause() != null && root.getCause() != root && !(root instanceof DeliveryRefused)) {
            root = root.getCause();
        }
        String text;
        if (root instanceof HttpOperationFailedException failed) {
            // Camel's own message holds the full request URI, query (tokens) included: say what happened instead.
            text = "HTTP " + failed.getStatusCode() + (failed.isRedirectError()
                    ? " redirect to " + redirectHost(failed.getRedirectLocation()) + " not followed (redirects are off)" : "");
        } else {
            text = root.getClass().getSimpleName() + (root.getMessage() == null ? "" : ": " + QUERY.matcher(root.getMessage()).replaceAll(""));
        }
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    /** Binds a secret in Camel's registry under a name that changes when the secret does; URIs name it, never hold it. */
    private String bindSecret(Object value, String secret) {
        String name = "deliverySecret-" + Hmac.sha256Hex(registryKey, secret).substring(0, 16);
        camel.getRegistry().bind(name, value);
        return name;
    }

    private static String redirectHost(String location) {
        try {
            String host = location == null ? null : java.net.URI.create(location).getHost();
            return host == null ? "another location" : "host '" + host + "'";
        } catch (IllegalArgumentException e) {
            return "another location";
        }
    }
}
