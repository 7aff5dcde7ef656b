package org.tenantio.importer.delivery;

import java.nio.file.Path;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where exports and webhooks may go, under {@code importer.delivery.*}; defaults and meaning in
 * docs/operations.md. Retry timing is read by the routes themselves.
 */
@ConfigurationProperties(prefix = "importer.delivery")
public record DeliveryProperties(
        List<String> allowedHosts,
        Path knownHostsFile,
        List<String> secretPrefixes,
        String webhookSigningKey,
        int maxRedeliveries) {

    public DeliveryProperties {
        allowedHosts = allowedHosts == null ? List.of() : List.copyOf(allowedHosts);
        knownHostsFile = knownHostsFile == null
                ? Path.of(System.getProperty("user.home"), ".ssh", "known_hosts") : knownHostsFile.toAbsolutePath();
        secretPrefixes = secretPrefixes == null || secretPrefixes.isEmpty()
                ? List.of("SFTP_", "HTTP_", "EXPORT_") : List.copyOf(secretPrefixes);
    }
}
