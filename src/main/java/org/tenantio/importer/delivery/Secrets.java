package org.tenantio.importer.delivery;

import java.util.List;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

/**
 * Secrets that destinations name by reference ({@code passwordSecretRef: SFTP_PARTNER_PASSWORD}),
 * read from the environment (or any Spring property source) when a delivery needs them. Only
 * names with an allowed prefix resolve, so a definition cannot send, say, the database password.
 */
@Component
public class Secrets {

    private final Environment environment;
    private final List<String> prefixes;

    public Secrets(Environment environment, DeliveryProperties properties) {
        this.environment = environment;
        this.prefixes = properties.secretPrefixes();
    }

    /** Why a reference cannot be used, or null when it can. */
    public String problem(Object ref) {
        if (!(ref instanceof String name) || !name.matches("[A-Z][A-Z0-9_]*")) {
            return "must be the name of an environment variable, e.g. SFTP_PARTNER_PASSWORD";
        }
        return prefixes.stream().anyMatch(name::startsWith) ? null : "must start with one of " + prefixes;
    }

    public String resolve(String ref) {
        String problem = problem(ref);
        if (problem != null) {
            throw new DeliveryRefused("Secret reference '" + ref + "' " + problem);
        }
        String value = environment.getProperty(ref);
        if (value == null || value.isEmpty()) {
            throw new DeliveryRefused("Secret '" + ref + "' is not set in the environment");
        }
        return value;
    }
}
