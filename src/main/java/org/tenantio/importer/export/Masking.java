package org.tenantio.importer.export;

import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.tenantio.importer.delivery.Hmac;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * How sensitive values leave the building: {@code redact} (empty), {@code partial} (****1234)
 * or {@code hash} (HMAC-SHA-256 under the masking key and the tenant, so the same value gives the
 * same hash in every export of that tenant and nothing joins across tenants).
 */
@Component
public class Masking {

    public static final Set<String> KINDS = Set.of("redact", "partial", "hash");
    private static final Logger log = LoggerFactory.getLogger(Masking.class);
    private static final String DEV_KEY = "dev-only-masking-key-set-IMPORTER_MASKING_KEY";

    private final byte[] key;

    public Masking(ExportProperties properties) {
        String configured = properties.maskingKey();
        if (configured == null || configured.isBlank()) {
            log.warn("IMPORTER_MASKING_KEY is not set: hashed export fields use a development key; set it in production");
            configured = DEV_KEY;
        }
        this.key = configured.getBytes(StandardCharsets.UTF_8);
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
