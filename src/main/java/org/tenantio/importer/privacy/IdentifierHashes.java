package org.tenantio.importer.privacy;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.apache.commons.codec.binary.Hex;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.InstallationSecrets;

/**
 * Keyed hashes (HMAC-SHA256) of identifiers, bound to the tenant: what an erased person is still
 * recognised by. The key is the installation's {@code privacy-hmac} secret (IMPORTER_PRIVACY_HMAC_KEY,
 * else generated under data/secrets); without it a hash cannot be tested against a guessed email.
 */
@Component
public class IdentifierHashes {

    static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public IdentifierHashes(InstallationSecrets secrets) {
        this.key = new SecretKeySpec(secrets.get("privacy-hmac", "IMPORTER_PRIVACY_HMAC_KEY"), ALGORITHM);
    }

    /** The hash of one identifier of a kind (external_id with its system, email, phone), or null for no value. */
    public String hash(UUID tenantId, String kind, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String canonical = "email".equals(kind) ? value.strip().toLowerCase(Locale.ROOT) : value.strip();
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            byte[] out = mac.doFinal((tenantId + "\u0000" + kind + "\u0000" + canonical).getBytes(StandardCharsets.UTF_8));
            return Hex.encodeHexString(out);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The external id's hash: the system is part of it, as ids only mean something within one. */
    public String externalId(UUID tenantId, String system, String externalId) {
        return externalId == null ? null : hash(tenantId, "external_id", system + "\u0000" + externalId);
    }
}
