package org.tenantio.importer.security;

import org.tenantio.importer.system.TenantScope;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.commons.codec.digest.DigestUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.tenant.Tenant;
import org.tenantio.importer.tenant.TenantRepository;

/**
 * API keys of the form {@code imp_<prefix>_<secret>}. Only the prefix (to find the row) and a
 * sha-256 of the whole key are stored. A fast hash is right here, unlike for passwords: the
 * secret is 256 random bits, so there is nothing to guess a dictionary from.
 */
@Component
public class ApiKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    /** Every role a key may have, most powerful first (docs/api.md has what each may do). */
    public static final List<String> ROLES = List.of("admin", "steward", "operator", "analyst", "viewer");

    private final JdbcTemplate jdbc;
    private final TenantRepository tenants;

    public ApiKeys(JdbcTemplate jdbc, TenantRepository tenants) {
        this.jdbc = jdbc;
        this.tenants = tenants;
    }

    public static String generate() {
        byte[] prefix = new byte[6];
        byte[] secret = new byte[32];
        RANDOM.nextBytes(prefix);
        RANDOM.nextBytes(secret);
        return "imp_" + HexFormat.of().formatHex(prefix) + "_" + Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /** An owner is a person's email address or {@code service:<name>} (letters, digits, . _ -). */
    private static final java.util.regex.Pattern OWNER = java.util.regex.Pattern.compile(
            "(?:[A-Za-z0-9._%+'-]{1,64}@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)+|service:[a-z0-9][a-z0-9._-]{0,62})");

    public static boolean validOwner(String owner) {
        return owner != null && owner.length() <= 254 && OWNER.matcher(owner).matches();
    }

    /** Owners compare without regard to case: Ann@Example.org and ann@example.org are one person. */
    public static String normalOwner(String owner) {
        return owner.strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Stores a key's hash for a tenant, role and owner; the caller shows the key once and forgets it. */
    public UUID store(UUID tenantId, String name, String key, String role, String owner) {
        String prefix = prefixOf(key).orElseThrow(() -> new IllegalArgumentException(
                "An API key must look like imp_<12 hex>_<secret>"));
        UUID id = UUID.randomUUID();
        jdbc.update("INSERT INTO api_keys (id, tenant_id, name, prefix, key_hash, role, owner) VALUES (?, ?, ?, ?, ?, ?, ?)",
                id, tenantId, name, prefix, DigestUtils.sha256Hex(key), role, owner == null ? "legacy:" + prefix : owner);
        return id;
    }

    /** A key of an owner of its own ({@code legacy:<prefix>}), as keys issued before owners existed have. */
    public UUID store(UUID tenantId, String name, String key, String role) {
        return store(tenantId, name, key, role, null);
    }

    /** The caller a presented key stands for, if it is a known, unrevoked key. */
    public Optional<Caller> authenticate(String presented, String requestId) {
        Optional<String> prefix = prefixOf(presented);
        if (prefix.isEmpty()) {
            return Optional.empty();
        }
        byte[] presentedHash = DigestUtils.sha256Hex(presented).getBytes(StandardCharsets.US_ASCII);
        // Before authentication there is no tenant yet: the key's prefix finds it, across tenants.
        return TenantScope.asSystem(() -> jdbc.query(
                        "SELECT id, tenant_id, key_hash, role, " + OWNER_COLUMN
                                + " FROM api_keys WHERE prefix = ? AND revoked_at IS NULL",
                        (rs, i) -> MessageDigest.isEqual(presentedHash, rs.getString(3).getBytes(StandardCharsets.US_ASCII))
                                ? new Object[] {rs.getObject(1, UUID.class), rs.getObject(2, UUID.class), rs.getString(4),
                                                rs.getString(5)}
                                : null,
                        prefix.get()))
                .stream().filter(java.util.Objects::nonNull).findFirst()
                .flatMap(row -> tenants.findById((UUID) row[1])
                        .map((Tenant t) -> new Caller((UUID) row[0], t, (String) row[2], requestId, (String) row[3])));
    }

    /**
     * The tenant a refused key claims to belong to (its prefix names a key of that tenant, revoked
     * or not) with the prefix, for a credentials alert; empty for a prefix nobody issued.
     */
    public Optional<Map.Entry<UUID, String>> claimedBy(String presented) {
        return prefixOf(presented == null ? "" : presented.strip()).flatMap(prefix -> TenantScope.asSystem(() -> jdbc.query(
                "SELECT tenant_id FROM api_keys WHERE prefix = ? LIMIT 1", (rs, i) -> rs.getObject(1, UUID.class), prefix))
                .stream().findFirst().map(tenant -> Map.entry(tenant, prefix)));
    }

    /** A tenant's keys, newest first; never their hashes. */
    public List<KeyView> list(UUID tenantId) {
        return jdbc.query(VIEW + " WHERE tenant_id = ? ORDER BY created_at DESC, id", ApiKeys::view, tenantId);
    }

    public Optional<KeyView> find(UUID tenantId, UUID keyId) {
        return jdbc.query(VIEW + " WHERE tenant_id = ? AND id = ?", ApiKeys::view, tenantId, keyId).stream().findFirst();
    }

    /** What a revocation did. */
    public enum Revocation { REVOKED, ALREADY_REVOKED, LAST_ADMIN }

    /**
     * Revokes a key at once (every request is authenticated against the table, so there is no
     * cache to outlive it), unless it is the tenant's last active admin key: that would leave
     * nobody able to issue keys.
     */
    public Revocation revoke(UUID tenantId, UUID keyId) {
        // Locking the tenant's active admin keys makes two admins revoking each other take turns.
        int otherAdmins = jdbc.query("""
                SELECT id FROM api_keys WHERE tenant_id = ? AND role = 'admin' AND revoked_at IS NULL AND id <> ? FOR UPDATE""",
                (rs, i) -> 1, tenantId, keyId).size();
        int changed = jdbc.update("""
                UPDATE api_keys SET revoked_at = now()
                 WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL AND (role <> 'admin' OR ? > 0)""",
                tenantId, keyId, otherAdmins);
        if (changed == 1) {
            return Revocation.REVOKED;
        }
        return find(tenantId, keyId).map(k -> k.revokedAt() != null).orElse(true)
                ? Revocation.ALREADY_REVOKED : Revocation.LAST_ADMIN;
    }

    /** A key the owner migration could not reach still stands for a person of its own. */
    private static final String OWNER_COLUMN = "COALESCE(owner, 'legacy:' || prefix)";
    private static final String VIEW = "SELECT id, name, prefix, role, created_at, revoked_at, " + OWNER_COLUMN
            + " FROM api_keys";

    private static KeyView view(java.sql.ResultSet rs, int i) throws java.sql.SQLException {
        return new KeyView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                rs.getString(7), rs.getObject(5, OffsetDateTime.class), rs.getObject(6, OffsetDateTime.class));
    }

    /** What may be shown of a key: never its hash or secret. */
    public record KeyView(UUID id, String name, String prefix, String role, String owner, OffsetDateTime createdAt,
                          OffsetDateTime revokedAt) {
    }

    static Optional<String> prefixOf(String key) {
        if (key == null || !key.startsWith("imp_") || key.length() > 200) {
            return Optional.empty();
        }
        int end = key.indexOf('_', 4);
        return end == 16 ? Optional.of(key.substring(4, end)) : Optional.empty();
    }
}
