package org.tenantio.importer.delivery;

import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.component.file.remote.SftpEndpointUriFactory;
import org.apache.camel.component.http.HttpEndpointUriFactory;
import org.apache.camel.spi.EndpointUriFactory;

/**
 * The names Camel's http and sftp endpoints read as configuration (taken from the components' own
 * generated catalogues, so a Camel upgrade that adds an option is covered). A tenant's URL query or
 * header of such a name is refused: the endpoint is built from typed, checked parts only, and a
 * parameter that looks like an option is either a mistake or an attempt to reconfigure delivery.
 */
final class EndpointOptions {

    private static final EndpointUriFactory HTTP = new HttpEndpointUriFactory();
    private static final EndpointUriFactory SFTP = new SftpEndpointUriFactory();
    private static final Set<String> NAMES = lowerCase(HTTP.propertyNames(), SFTP.propertyNames());
    // The http component also binds httpClient.* and httpConnection.* onto its client builder.
    private static final Set<String> PREFIXES = lowerCase(HTTP.multiValuePrefixes().keySet(), SFTP.multiValuePrefixes().keySet(),
            Set.of("httpClient.", "httpConnection.", "httpClientConfigurer"));

    private EndpointOptions() {
    }

    /** True when an endpoint would read a query parameter of this name as one of its options. */
    static boolean isOption(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return NAMES.contains(n) || PREFIXES.stream().anyMatch(n::startsWith);
    }

    /** True for headers Camel itself reads or sets (CamelHttpUri, CamelFileName, ...): never a tenant's to give. */
    static boolean isCamelHeader(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return n.startsWith("camel") || n.startsWith("org.apache.camel");
    }

    @SafeVarargs
    private static Set<String> lowerCase(Set<String>... sets) {
        return java.util.Arrays.stream(sets).flatMap(Set::stream).map(s -> s.toLowerCase(Locale.ROOT))
                .collect(Collectors.toUnmodifiableSet());
    }
}
