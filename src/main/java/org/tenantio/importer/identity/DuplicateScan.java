package org.tenantio.importer.identity;

import org.tenantio.importer.system.Refusal;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.TenantScope;

/**
 * A full scan of a tenant's core records of one entity type for duplicates, off the request
 * thread, in batches of one transaction each: first every record gets its blocking keys (records
 * loaded before the entity had match rules have none), then each batch's records are paired
 * with those sharing a key (so the scan stays sub-quadratic), scored, and pairs at or above the
 * review threshold become suggestions. It suggests only; a steward merges.
 */
@Component
public class DuplicateScan {

    private static final Logger log = LoggerFactory.getLogger(DuplicateScan.class);
    static final int BATCH = 2000;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final MatchKeyWriter keyWriter;
    private final ActiveRecordBatches batches;
    private final MatchConfigs configs;
    private final IdentityResolution identity;
    private final AuditLog audit;
    private final org.tenantio.importer.tenant.RunQuotas quotas;
    /** Camel-managed (named, shut down with the context): one scan at a time per instance, the others queue. */
    private final ExecutorService scans;

    public DuplicateScan(JdbcTemplate jdbc, TransactionTemplate tx, MatchKeyWriter keyWriter, ActiveRecordBatches batches,
                         MatchConfigs configs, IdentityResolution identity, AuditLog audit,
                         org.tenantio.importer.tenant.RunQuotas quotas, CamelContext camel) {
        this.scans = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "duplicate-scan");
        this.quotas = quotas;
        this.batches = batches;
        this.jdbc = jdbc;
        this.tx = tx;
        this.keyWriter = keyWriter;
        this.configs = configs;
        this.identity = identity;
        this.audit = audit;
    }

    public record ScanView(UUID id, String entityType, String status, long total, long scanned, long suggestions,
                           String error, String startedBy, OffsetDateTime createdAt, OffsetDateTime finishedAt) {
    }

    public ScanView start(Caller caller, String entityType) {
        UUID t = caller.tenant().id();
        MatchRules rules = configs.find(t, entityType).orElseThrow(() -> new Refusal(400, "no_match_rules",
                "Entity type '" + entityType + "' has no match rules",
                List.of(Map.of("field", "entityType", "message", "an entity with a match section in its contract"))));
        // A scan is work like a run: it takes a slot of the tenant's run quotas until it ends.
        org.tenantio.importer.tenant.RunQuotas.Reservation slot = quotas.reserve(t, -1);
        UUID id = UUID.randomUUID();
        try {
            Long total = jdbc.queryForObject("""
                    SELECT count(*) FROM core_records WHERE tenant_id = ? AND entity_type = ? AND merged_into IS NULL""",
                    Long.class, t, entityType);
            jdbc.update("""
                    INSERT INTO duplicate_scans (id, tenant_id, entity_type, status, total, started_by)
                    VALUES (?, ?, ?, 'running', ?, ?)""", id, t, entityType, total, caller.actor());
            audit.record(new AuditEvent(t, caller.actor(), caller.role(), "duplicates.scan_started", "duplicate_scan",
                    id.toString(), null, Map.of("entityType", entityType, "total", total == null ? 0 : total), caller.requestId()));
        } catch (RuntimeException e) {
            quotas.cancel(slot);
            throw e;
        }
        scans.submit(() -> TenantScope.run(t, () -> {
            try {
                run(t, id, entityType, rules);
            } finally {
                quotas.finish(slot);
            }
        }));
        return find(t, id);
    }

    public ScanView find(UUID tenantId, UUID id) {
        return jdbc.query("""
                SELECT id, entity_type, status, total, scanned, suggestions, error, started_by, created_at, finished_at
                  FROM duplicate_scans WHERE tenant_id = ? AND id = ?""",
                (rs, i) -> new ScanView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getString(7), rs.getString(8),
                        rs.getObject(9, OffsetDateTime.class), rs.getObject(10, OffsetDateTime.class)), tenantId, id)
                .stream().findFirst().orElseThrow(() -> Refusal.notFound("Scan"));
    }

    void run(UUID tenantId, UUID scanId, String entityType, MatchRules rules) {
        try {
            forEachBatch(tenantId, entityType, batch -> writeKeys(tenantId, entityType, rules, batch));
            PairScorer scorer = new PairScorer(rules);
            forEachBatch(tenantId, entityType, batch -> {
                int found = pairBatch(tenantId, entityType, scorer, batch);
                jdbc.update("UPDATE duplicate_scans SET scanned = scanned + ?, suggestions = suggestions + ? WHERE tenant_id = ? AND id = ?",
                        batch.size(), found, tenantId, scanId);
            });
            jdbc.update("UPDATE duplicate_scans SET status = 'completed', finished_at = now() WHERE tenant_id = ? AND id = ?", tenantId, scanId);
        } catch (RuntimeException e) {
            log.error("Duplicate scan {} failed: {}", scanId, e.getClass().getName());
            jdbc.update("UPDATE duplicate_scans SET status = 'failed', error = ?, finished_at = now() WHERE tenant_id = ? AND id = ?",
                    "The scan stopped on an internal error", tenantId, scanId);
        }
    }

    /** One transaction per batch. */
    private void forEachBatch(UUID tenantId, String entityType, java.util.function.Consumer<Map<UUID, Map<String, Object>>> work) {
        batches.forEach(tenantId, entityType, BATCH, batch -> tx.executeWithoutResult(status -> work.accept(batch)));
    }

    private void writeKeys(UUID tenantId, String entityType, MatchRules rules, Map<UUID, Map<String, Object>> batch) {
        keyWriter.write(tenantId, entityType, rules, batch);
    }

    /** Pairs each record of the batch with every active record that shares a key and sorts after it: each pair once. */
    private int pairBatch(UUID tenantId, String entityType, PairScorer scorer, Map<UUID, Map<String, Object>> batch) {
        List<UUID[]> pairs = new ArrayList<>();
        Map<UUID, Map<String, Object>> others = new HashMap<>(batch);
        jdbc.query("""
                SELECT DISTINCT a.core_id, b.core_id, CASE WHEN b.core_id = ANY(?) THEN NULL ELSE c.attributes::text END
                  FROM match_keys a
                  JOIN match_keys b ON b.tenant_id = a.tenant_id AND b.entity_type = a.entity_type
                                   AND b.key_hash = a.key_hash AND b.core_id > a.core_id
                  JOIN core_records c ON c.id = b.core_id AND c.tenant_id = b.tenant_id AND c.merged_into IS NULL
                 WHERE a.tenant_id = ? AND a.entity_type = ? AND a.core_id = ANY(?)""", rs -> {
            UUID b = rs.getObject(2, UUID.class);
            pairs.add(new UUID[] {rs.getObject(1, UUID.class), b});
            if (rs.getString(3) != null) {
                others.putIfAbsent(b, readMap(rs.getString(3)));
            }
        }, batch.keySet().toArray(UUID[]::new), tenantId, entityType, batch.keySet().toArray(UUID[]::new));
        List<IdentityResolution.Suggestion> suggestions = new ArrayList<>();
        Map<UUID, PairScorer.Prepared> prepared = new HashMap<>(); // a record pairs with many: prepared once
        for (UUID[] p : pairs) {
            PairScorer.Score score = scorer.score(prepared.computeIfAbsent(p[0], id -> scorer.prepare(others.get(id))),
                    prepared.computeIfAbsent(p[1], id -> scorer.prepare(others.get(id))), ValueFrequencies.NONE);
            if (score.decision() != PairScorer.Decision.DIFFERENT) {
                suggestions.add(new IdentityResolution.Suggestion(p[0], p[1], score));
            }
        }
        return identity.writeSuggestions(tenantId, entityType, null, suggestions);
    }

    private Map<String, Object> readMap(String text) {
        return batches.read(text);
    }

}
