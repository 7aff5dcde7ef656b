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
                String path = text("path");
                if (path != null && (path.contains("..") || path.startsWith("/") || path.contains("\\"))) {
                    problems.add(problem(at + ".path", "must be a relative folder inside the tenant's outbox"));
                }
            }
            case "sftp" -> {
                if (!allowlist.allows(text("host"))) {
                    problems.add(problem(at + ".host", "host '" + text("host") + "' is not in the delivery allowlist"));
                }
                if (text("user") == null) {
                    problems.add(problem(at + ".user", "is required"));
                }
                checkPort(at, problems);
                boolean password = settings.containsKey("passwordSecretRef");
                boolean key = settings.containsKey("privateKeySecretRef");
                if (password == key) {
                    problems.add(problem(at, "needs exactly one of passwordSecretRef and privateKeySecretRef"));
                }
                checkSecret(at, password ? "passwordSecretRef" : "privateKeySecretRef", secrets, problems);
                rejectInlineSecrets(at, problems);
            }
            case "http" -> {
                try {
                    String host = DeliveryAllowlist.httpHost(text("url"));
                    if (!allowlist.allows(host)) {
                        problems.add(problem(at + ".url", "host '" + host + "' is not in the delivery allowlist"));
                    }
                } catch (DeliveryRefused e) {
                    problems.add(problem(at + ".url", e.getMessage()));
                }
                String method = text("method");
                if (method != null && !Set.of("POST", "PUT").contains(method)) {
                    problems.add(problem(at + ".method", "must be POST or PUT"));
                }
                if (settings.containsKey("authSecretRef")) {
                    checkSecret(at, "authSecretRef", secrets, problems);
                }
                rejectInlineSecrets(at, problems);
            }
            default -> problems.add(problem(at + ".type", "must be one of file, sftp, http"));
        }
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
