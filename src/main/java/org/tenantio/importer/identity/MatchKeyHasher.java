package org.tenantio.importer.identity;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.InstallationSecrets;

/**
 * Keyed 64-bit hashes of blocking key values and of term-frequency values: HMAC-SHA256 under
 * the installation's "match-key" secret (env IMPORTER_MATCH_KEY), truncated to its first eight
 * bytes. The tables that hold them (match_keys, term_frequencies) then hold no readable personal
 * data, and without the key a value cannot be confirmed by hashing guesses. A collision of two
 * different values only adds a candidate pair, which the scorer then judges on the real values.
 */
@Component
public class MatchKeyHasher {

    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;
    // Mac instances are not thread-safe; each thread keeps its own, initialised once.
    private final ThreadLocal<Mac> macs;

    @Autowired
    public MatchKeyHasher(InstallationSecrets secrets) {
        this(secrets.get("match-key", "IMPORTER_MATCH_KEY"));
    }

    MatchKeyHasher(byte[] secret) {
        this.key = new SecretKeySpec(secret, ALGORITHM);
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** The stored form of a blocking key: its type and value hashed together. */
    public long hash(BlockingKeys.Key k) {
        return hash(k.type() + '\u001f' + k.value());
    }

    /** The stored form of a term-frequency value of one field (in its plain form). */
    public long frequencyHash(String field, String plainValue) {
        return hash("tf\u001f" + field + '\u001f' + plainValue);
    }

    /** Identifies the key in use without revealing it (match_key_state): keys built with another one are rebuilt. */
    public long fingerprint() {
        return hash("match-key fingerprint");
    }

    long hash(String text) {
        byte[] digest = macs.get().doFinal(text.getBytes(StandardCharsets.UTF_8));
        return ByteBuffer.wrap(digest, 0, Long.BYTES).getLong();
    }
}
