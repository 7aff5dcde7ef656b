package org.tenantio.importer.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The platform operator's credential: one key given by environment (IMPORTER_PLATFORM_API_KEY),
 * belonging to no tenant, that may only create tenants and set their quotas. Only its hash is
 * held, and a presented key is compared by hash in constant time. Without it nobody manages tenants.
 */
@Component
public class PlatformAdmin {

    public static final String ACTOR = "platform";
    public static final String ROLE = "platform_admin";

    private final byte[] keyHash;

    public PlatformAdmin(@Value("${importer.platform-api-key:}") String key) {
        this.keyHash = key == null || key.isBlank() ? null : hash(key.strip());
    }

    public boolean enabled() {
        return keyHash != null;
    }

    public boolean matches(String presented) {
        return keyHash != null && presented != null && MessageDigest.isEqual(keyHash, hash(presented.strip()));
    }

    private static byte[] hash(String key) {
        return DigestUtils.sha256Hex(key).getBytes(StandardCharsets.US_ASCII);
    }
}
