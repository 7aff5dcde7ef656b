package org.tenantio.importer.delivery;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import org.springframework.stereotype.Component;

/**
 * The hosts a pipeline definition or webhook may send data to ({@code importer.delivery.allowed-hosts}):
 * exact names or addresses, or {@code *.example.org} for a domain's sub-hosts. Nothing else is
 * reachable from a definition, so a pipeline cannot be pointed at internal services.
 */
@Component
public class DeliveryAllowlist {

    private final List<String> allowed;

    public DeliveryAllowlist(DeliveryProperties properties) {
        this.allowed = properties.allowedHosts().stream().map(h -> h.strip().toLowerCase(Locale.ROOT)).toList();
    }

    public boolean allows(String host) {
        if (host == null || host.isBlank()) {
            return false;
        }
        String h = host.toLowerCase(Locale.ROOT);
        return allowed.stream().anyMatch(a -> a.startsWith("*.") ? h.endsWith(a.substring(1)) : a.equals(h));
    }

    /** Throws {@link DeliveryRefused} unless the host is allowed. */
    public void check(String host) {
        if (!allows(host)) {
            throw new DeliveryRefused("Host '" + host + "' is not in importer.delivery.allowed-hosts");
        }
    }

    /** The host of an http(s) URL, or a refusal when the URL is not one. */
    public static String httpHost(String url) {
        try {
            URI uri = URI.create(url);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new DeliveryRefused("'" + url + "' is not an http or https URL");
            }
            return uri.getHost();
        } catch (IllegalArgumentException e) {
            throw new DeliveryRefused("'" + url + "' is not a valid URL");
        }
    }
}
