package org.tenantio.importer.alerting;

import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.TenantScope;

/**
 * A refused API key whose prefix names a key of a tenant (a wrong secret, or a revoked key still
 * in use) is that tenant's alert, one group per key prefix: the first refusal in the grouping
 * window is sent to the tenant's channels, repeats only count. The alert names the prefix, never
 * the presented secret, and links to the console's audit page.
 */
@Component
public class CredentialAlerts {

    static final String KIND = "credential_failed:";

    private final Alerts alerts;
    private final AlertChannels channels;
    private final ProducerTemplate producer;
    private final String consoleUrl;

    public CredentialAlerts(Alerts alerts, AlertChannels channels, ProducerTemplate producer,
                            @Value("${importer.alerts.console-url:}") String consoleUrl) {
        this.alerts = alerts;
        this.channels = channels;
        this.producer = producer;
        this.consoleUrl = consoleUrl == null ? "" : consoleUrl.replaceAll("/+$", "");
    }

    public void keyRefused(UUID tenantId, String prefix) {
        TenantScope.run(tenantId, () -> {
            Alert a = alerts.raise(tenantId, null, null, KIND + prefix, "warn",
                    "API key imp_" + prefix + "_… was refused (wrong secret or revoked key)", consoleUrl + "/console/audit");
            if (a != null) {
                channels.list(tenantId).forEach(c -> producer.sendBody(RunAlerts.ENDPOINT, new AlertNotifier.Notice(tenantId, c.id(), a)));
            }
        });
    }
}
