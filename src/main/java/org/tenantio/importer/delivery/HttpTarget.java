package org.tenantio.importer.delivery;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * An http(s) destination or webhook URL taken apart into scheme, host, port, path and query, each
 * checked. The Camel endpoint is built from scheme, host, port and path alone; the query travels
 * as the message's query ({@code CamelHttpQuery}), so nothing of the tenant's text is ever read
 * as an endpoint option.
 */
public record HttpTarget(String scheme, String host, int port, String path, String query) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,252}[A-Za-z0-9])?|\\[[0-9A-Fa-f:.]+]");
    // RFC 3986 path characters without '%': a percent escape could decode into '?' or '&' on the way into Camel.
    private static final Pattern PATH = Pattern.compile("(/[A-Za-z0-9._~!$'()*+,;=:@-]*)*");
    private static final Pattern QUERY_PART = Pattern.compile("[A-Za-z0-9._~!$'()*+,;=:@/?%-]*");

    /** The URL's parts, or a {@link DeliveryRefused} saying what is wrong with it. */
    public static HttpTarget parse(String url) {
        if (url == null || url.isBlank()) {
            throw new DeliveryRefused("an http or https URL is required");
        }
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw new DeliveryRefused("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new DeliveryRefused("is not an http or https URL");
        }
        if (uri.getRawUserInfo() != null) {
            throw new DeliveryRefused("must not carry credentials in the URL: name a secret with authSecretRef");
        }
        if (uri.getRawFragment() != null) {
            throw new DeliveryRefused("must not have a #fragment");
        }
        String host = uri.getHost();
        if (host == null || !HOST.matcher(host).matches()) {
            throw new DeliveryRefused("has no valid host name");
        }
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (!PATH.matcher(path).matches() || path.contains("/../") || path.endsWith("/..")) {
            throw new DeliveryRefused("path may hold only letters, digits, '/' and - . _ ~ ! $ ' ( ) * + , ; = : @");
        }
        String query = uri.getRawQuery();
        if (query != null) {
            checkQuery(query);
        }
        int port = uri.getPort() == -1 ? (scheme.equals("https") ? 443 : 80) : uri.getPort();
        return new HttpTarget(scheme, host.toLowerCase(Locale.ROOT), port, path, query == null || query.isEmpty() ? null : query);
    }

    private static void checkQuery(String query) {
        for (String pair : query.split("&", -1)) {
            String name;
            try {
                name = java.net.URLDecoder.decode(pair.split("=", 2)[0], java.nio.charset.StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new DeliveryRefused("query is not valid percent-encoding");
            }
            if (EndpointOptions.isOption(name)) {
                throw new DeliveryRefused("query parameter '" + name + "' is a delivery option, which a URL cannot set");
            }
            if (!QUERY_PART.matcher(pair).matches()) {
                throw new DeliveryRefused("query has characters that must be percent-encoded");
            }
        }
    }

    /** The Camel endpoint: scheme, host, port and path, no options from the definition. */
    public String endpointUri() {
        return scheme + "://" + host + ":" + port + path;
    }

    /** The URL as runs, webhooks and logs show it: without its query, which may hold tokens. */
    public String display() {
        boolean defaultPort = port == (scheme.equals("https") ? 443 : 80);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port) + path;
    }
}
