package org.tenantio.importer.identity;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Writes stored records' blocking keys (as keyed hashes) in one statement per batch; keys already there stay. */
@Component
public class MatchKeyWriter {

    private final JdbcTemplate jdbc;
    private final MatchKeyHasher hasher;

    public MatchKeyWriter(JdbcTemplate jdbc, MatchKeyHasher hasher) {
        this.jdbc = jdbc;
        this.hasher = hasher;
    }

    /** Records that this tenant's keys are hashed with the current match key (see MatchKeyRebuild). */
    public void markCurrent(UUID tenantId) {
        jdbc.update("INSERT INTO match_key_state (tenant_id, fingerprint) VALUES (?, ?) ON CONFLICT DO NOTHING",
                tenantId, hasher.fingerprint());
    }

    public int write(UUID tenantId, String entityType, MatchRules rules, Map<UUID, ? extends Map<String, ?>> records) {
        List<Long> hashes = new ArrayList<>();
        List<UUID> owners = new ArrayList<>();
        records.forEach((id, attributes) -> BlockingKeys.of(rules, attributes).forEach(k -> {
            hashes.add(hasher.hash(k));
            owners.add(id);
        }));
        if (hashes.isEmpty()) {
            return 0;
        }
        markCurrent(tenantId);
        return jdbc.update("""
                INSERT INTO match_keys (tenant_id, entity_type, key_hash, core_id)
                SELECT ?, ?, x.key_hash, x.core_id FROM unnest(?::bigint[], ?::uuid[]) AS x(key_hash, core_id)
                ON CONFLICT DO NOTHING""", tenantId, entityType, hashes.toArray(Long[]::new), owners.toArray(UUID[]::new));
    }
}
