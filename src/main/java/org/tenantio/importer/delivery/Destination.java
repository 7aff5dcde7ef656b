package org.tenantio.importer.delivery;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One place an export goes, as the pipeline defines it: {@code file} (a folder under the tenant's
 * outbox), {@code sftp} (host, port, path, user, password or private key by secret reference) or
 * {@code http} (POST or PUT to a URL with headers, auth by secret reference).
 */
public record Destination(int position, String kind, Map<String, Object> settings) {

    public static final Set<String> KINDS = Set.of("file", "sftp", "http");
    private static final Set<String> FILE_KEYS = Set.of("type", "path");
    private static final Set<String> SFTP_KEYS = Set.of("type", "host", "port", "path", "user", "passwordSecretRef",
            "privateKeySecretRef", "password", "privateKey", "token");
    private static final Set<String> HTTP_KEYS = Set.of("type", "url", "method", "headers", "authSecretRef",
            "password", "privateKey", "token");
    // Headers that frame or route the request: set by the HTTP client, never by a definition.
    private static final Set<String> RESERVED_HEADERS = Set.of("host", "content-length", "transfer-encoding", "connection",
            "keep-alive", "upgrade", "te", "trailer", "expect", "proxy-authorization", "proxy-connection", "content-type",
            "x-export-file-name");
    private static final java.util.regex.Pattern HEADER_NAME = java.util.regex.Pattern.compile("[A-Za-z0-9!#$&'*+.^_`|~-]{1,64}");

    public String text(String key) {
        Object v = settings.get(key);
        return v == null ? null : v.toString();
    }

    public int port(int fallback) {
        Object v = settings.get("port");
        return v instanceof Number n ? n.intValue() : v == null ? fallback : Integer.parseInt(v.toString());
    }

    @SuppressWarnings("unchecked")
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        if (settings.get("headers") instanceof Map<?, ?> m) {
            ((Map<String, Object>) m).forEach((k, v) -> headers.put(k, String.valueOf(v)));
        }
        return headers;
    }

    /** The destinations of a definition, each with its problems added to the list (field path, message). */
    public static List<Destination> parse(Object raw, DeliveryAllowlist allowlist, Secrets secrets,
                                          List<Map<String, String>> problems) {
        if (!(raw instanceof List<?> list) || list.isEmpty()) {
            problems.add(problem("destinations", "an export needs at least one destination"));
            return List.of();
        }
        List<Destination> result = new java.util.ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
            String at = "destinations[" + i + "]";
            if (!(list.get(i) instanceof Map<?, ?> m)) {
                problems.add(problem(at, "must be an object with a type"));
                continue;
            }
            @SuppressWarnings("unchecked")
            Destination d = new Destination(i, String.valueOf(m.get("type")),
                    java.util.Collections.unmodifiableMap(new LinkedHashMap<>((Map<String, Object>) m)));
            d.check(at, allowlist, secrets, problems);
            result.add(d);
        }
        return result;
    }

    private void check(String at, DeliveryAllowlist allowlist, Secrets secrets, List<Map<String, String>> problems) {
        switch (kind) {
            case "file" -> {
                checkKeys(at, FILE_KEYS, problems);
                String path = text("path");
                if (path != null && (path.contains("..") || path.startsWith("/") || path.contains("\\"))) {
                    problems.add(problem(at + ".path", "must be a relative folder inside the tenant's outbox"));
                }
            }
            case "sftp" -> {
                checkKeys(at, SFTP_KEYS, problems);
                checkPort(at, problems);
                String host = text("host");
                if (!SftpTarget.validHost(host)) {
                    problems.add(problem(at + ".host", "must be a host name or IPv4 address"));
                } else if (!allowlist.allows(host)) {
                    problems.add(problem(at + ".host", "host '" + host + "' is not in the delivery allowlist"));
                }
                String user = text("user");
                if (user == null) {
                    problems.add(problem(at + ".user", "is required"));
                } else if (!SftpTarget.validUser(user)) {
                    problems.add(problem(at + ".user", SftpTarget.USER_RULE));
                }
                try {
                    SftpTarget.folder(text("path"));
                } catch (DeliveryRefused e) {
                    problems.add(problem(at + ".path", e.getMessage()));
                }
                boolean password = settings.containsKey("passwordSecretRef");
                boolean key = settings.containsKey("privateKeySecretRef");
                if (password == key) {
                    problems.add(problem(at, "needs exactly one of passwordSecretRef and privateKeySecretRef"));
                }
                checkSecret(at, password ? "passwordSecretRef" : "privateKeySecretRef", secrets, problems);
                rejectInlineSecrets(at, problems);
            }
            case "http" -> {
                checkKeys(at, HTTP_KEYS, problems);
                try {
                    HttpTarget target = HttpTarget.parse(text("url"));
                    if (!allowlist.allows(target.host())) {
                        problems.add(problem(at + ".url", "host '" + target.host() + "' is not in the delivery allowlist"));
                    }
                } catch (DeliveryRefused e) {
                    problems.add(problem(at + ".url", e.getMessage()));
                }
                String method = text("method");
                if (method != null && !Set.of("POST", "PUT").contains(method)) {
                    problems.add(problem(at + ".method", "must be POST or PUT"));
                }
                if (settings.containsKey("headers") && !(settings.get("headers") instanceof Map<?, ?>)) {
                    problems.add(problem(at + ".headers", "must be an object of header names and values"));
                }
                headers().forEach((name, value) -> {
                    String why = headerProblem(name, value);
                    if (why != null) {
                        problems.add(problem(at + ".headers." + name, why));
                    }
                });
                if (settings.containsKey("authSecretRef")) {
                    checkSecret(at, "authSecretRef", secrets, problems);
                }
                rejectInlineSecrets(at, problems);
            }
            default -> problems.add(problem(at + ".type", "must be one of file, sftp, http"));
        }
    }

    /** Why a definition may not send this header, or null; checked again at delivery for stored definitions. */
    static String headerProblem(String name, String value) {
        if (!HEADER_NAME.matcher(name).matches()) {
            return "is not a valid header name";
        }
        if (EndpointOptions.isCamelHeader(name)) {
            return "names a header the delivery itself reads (Camel...): not allowed";
        }
        if (RESERVED_HEADERS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
            return "is set by the delivery, not by the definition";
        }
        if (value == null || value.length() > 4096 || value.chars().anyMatch(c -> c < 0x20 && c != '\t' || c == 0x7f)) {
            return "value must be text on one line, at most 4096 characters";
        }
        return null;
    }

    private void checkKeys(String at, Set<String> known, List<Map<String, String>> problems) {
        settings.keySet().stream().filter(k -> !known.contains(k)).sorted().forEach(k ->
                problems.add(problem(at + "." + k, "is not a setting of a " + kind + " destination")));
    }

    private void checkPort(String at, List<Map<String, String>> problems) {
        try {
            int port = port(22);
            if (port < 1 || port > 65535) {
                problems.add(problem(at + ".port", "must be between 1 and 65535"));
            }
        } catch (NumberFormatException e) {
            problems.add(problem(at + ".port", "must be a number"));
        }
    }

    private void checkSecret(String at, String key, Secrets secrets, List<Map<String, String>> problems) {
        if (settings.containsKey(key)) {
            String p = secrets.problem(settings.get(key));
            if (p != null) {
                problems.add(problem(at + "." + key, p));
            }
        }
    }

    private void rejectInlineSecrets(String at, List<Map<String, String>> problems) {
        for (String key : List.of("password", "privateKey", "token")) {
            if (settings.containsKey(key)) {
                problems.add(problem(at + "." + key, "secrets are never stored: name an environment variable with "
                        + key + "SecretRef"));
            }
        }
        headers().keySet().stream().filter(h -> h.equalsIgnoreCase("authorization")).findAny().ifPresent(h ->
                problems.add(problem(at + ".headers." + h, "put credentials in authSecretRef, not in the definition")));
    }

    public static Map<String, String> problem(String field, String message) {
        return Map.of("field", field, "message", message);
    }
}
