package org.tenantio.importer.identity;

import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.system.TenantScope;

/**
 * Keeps every tenant's blocking keys and name frequencies hashed with the installation's
 * current match key. Hashes cannot be recomputed in SQL, so after the migration to hashed keys,
 * or when the operator changes IMPORTER_MATCH_KEY, a tenant whose keys were built with another
 * key (match_key_state) gets them rebuilt from its active records at start-up: in one
 * transaction per tenant, holding the tenant's state row so a second instance starting at the
 * same time waits and then finds the work done.
 */
@Component
public class MatchKeyRebuild {

    private static final Logger log = LoggerFactory.getLogger(MatchKeyRebuild.class);
    private static final int BATCH = 2000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MatchConfigs configs;
    private final MatchKeyWriter keys;
    private final TermFrequencyStore frequencies;
    private final ActiveRecordBatches batches;
    private final long fingerprint;

    public MatchKeyRebuild(JdbcTemplate jdbc, TransactionTemplate tx, MatchConfigs configs, MatchKeyWriter keys,
                           TermFrequencyStore frequencies, ActiveRecordBatches batches, MatchKeyHasher hasher) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.configs = configs;
        this.keys = keys;
        this.frequencies = frequencies;
        this.batches = batches;
        this.fingerprint = hasher.fingerprint();
    }

    @EventListener(ApplicationReadyEvent.class)
    public void rebuildStale() {
        List<UUID> tenants = TenantScope.asSystem(() -> jdbc.queryForList("SELECT id FROM tenants ORDER BY id", UUID.class));
        for (UUID tenant : tenants) {
            TenantScope.run(tenant, () -> rebuildIfStale(tenant));
        }
    }

    /** Rebuilds the tenant's keys and frequencies when they were built with another key; true when it did. */
    boolean rebuildIfStale(UUID tenantId) {
        Boolean rebuilt = tx.execute(status -> {
            jdbc.update("INSERT INTO match_key_state (tenant_id, fingerprint) VALUES (?, 0) ON CONFLICT DO NOTHING", tenantId);
            long stored = jdbc.queryForObject("SELECT fingerprint FROM match_key_state WHERE tenant_id = ? FOR UPDATE",
                    Long.class, tenantId);
            if (stored == fingerprint) {
                return false;
            }
            jdbc.update("DELETE FROM match_keys WHERE tenant_id = ?", tenantId);
            jdbc.update("DELETE FROM term_frequencies WHERE tenant_id = ?", tenantId);
            jdbc.update("DELETE FROM term_frequency_totals WHERE tenant_id = ?", tenantId);
            long records = 0;
            for (String entity : jdbc.queryForList("SELECT DISTINCT entity_type FROM core_records WHERE tenant_id = ?",
                    String.class, tenantId)) {
                MatchRules rules = configs.find(tenantId, entity).orElse(null);
                if (rules != null) {
                    records += rebuild(tenantId, entity, rules);
                }
            }
            jdbc.update("UPDATE match_key_state SET fingerprint = ?, rebuilt_at = now() WHERE tenant_id = ?",
                    fingerprint, tenantId);
            if (records > 0) {
                log.info("Rebuilt the match keys of {} records of tenant {} with the current match key", records, tenantId);
            }
            return true;
        });
        return Boolean.TRUE.equals(rebuilt);
    }

    private long rebuild(UUID tenantId, String entity, MatchRules rules) {
        long[] total = new long[1];
        batches.forEach(tenantId, entity, BATCH, batch -> {
            keys.write(tenantId, entity, rules, batch);
            frequencies.add(tenantId, entity, rules, batch.values());
            total[0] += batch.size();
        });
        return total[0];
    }
}
