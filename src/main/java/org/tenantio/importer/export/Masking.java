package org.tenantio.importer.export;

import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.tenantio.importer.delivery.Hmac;
import org.springframework.stereotype.Component;

/**
 * How sensitive values leave the building: {@code redact} (empty), {@code partial} (****1234)
 * or {@code hash} (HMAC-SHA-256 under the masking key and the tenant, so the same value gives the
 * same hash in every export of that tenant and nothing joins across tenants).
 */
@Component
public class Masking {

    public static final Set<String> KINDS = Set.of("redact", "partial", "hash");

    private final byte[] key;

    /** The key comes from IMPORTER_MASKING_KEY, or is generated once per installation: never a constant anyone can read. */
    public Masking(org.tenantio.importer.system.InstallationSecrets secrets) {
        this.key = secrets.get("masking", "importer.export.masking-key");
    }

    /** The masker of one field for one tenant; values pass unchanged when kind is null. */
    public UnaryOperator<String> masker(String kind, UUID tenantId, String field) {
        if (kind == null) {
            return UnaryOperator.identity();
        }
        return switch (kind) {
            case "redact" -> v -> v == null ? null : "";
            case "partial" -> Masking::partial;
            case "hash" -> v -> v == null ? null : hash(tenantId + "\u0000" + field + "\u0000" + v);
            default -> throw new IllegalArgumentException("Unknown masking kind '" + kind + "'");
        };
    }

    static String partial(String value) {
        if (value == null) {
            return null;
        }
        return value.length() <= 4 ? "****" : "****" + value.substring(value.length() - 4);
    }

    private String hash(String text) {
        return Hmac.sha256Hex(key, text).substring(0, 32);
    }
}
