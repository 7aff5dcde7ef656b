package org.tenantio.importer.privacy;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.HashSet;
import java.util.Set;
import org.tenantio.importer.identity.IdentityResolution;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * What a withdrawal and an erasure stop on the load path. Called by the load stage once its rows
 * are resolved by external id (in the temporary chunk_rows table) and before anything is written:
 * a row that resolves to a withdrawn record ends {@code skipped_consent}, unless it carries a grant
 * signed after the withdrawal; a new row whose external id, email or phone hashes to an erased
 * person ends {@code skipped_erased}. Neither writes core, keys, suggestions or merges: their
 * record id is cleared, and the run counts them as their own outcome; an erased person's row is
 * staged without its values.
 */
@Component
public class ConsentGate {

    private final JdbcTemplate jdbc;
    private final IdentifierHashes hashes;

    public ConsentGate(JdbcTemplate jdbc, IdentifierHashes hashes) {
        this.jdbc = jdbc;
        this.hashes = hashes;
    }

    public void screen(RunContext ctx, Map<Long, RowState> rows) {
        UUID t = ctx.tenantId();
        // Two index probes decide whether the tenant has anything to screen for; most never do.
        Map<String, Object> any = jdbc.queryForMap("""
                SELECT EXISTS (SELECT 1 FROM core_records WHERE tenant_id = ? AND entity_type = ?
                                  AND consent_state = 'withdrawn') AS withdrawn,
                       EXISTS (SELECT 1 FROM erased_identities WHERE tenant_id = ? AND entity_type = ?) AS erased""",
                t, ctx.entityType(), t, ctx.entityType());
        if (Boolean.TRUE.equals(any.get("withdrawn"))) {
            skipWithdrawn(t, rows);
        }
        if (Boolean.TRUE.equals(any.get("erased"))) {
            skipErased(ctx, rows);
        }
    }

    /**
     * A new row that identity resolution would merge into a withdrawn record writes nothing into it
     * either: it ends skipped_consent like a row that names the record by external id, and leaves
     * the plan (no record of its own, no keys, no merge, no suggestion).
     */
    public IdentityResolution.Plan screenMerges(RunContext ctx, IdentityResolution.Plan plan) {
        if (plan == null || plan.survivors().isEmpty()) {
            return plan;
        }
        UUID[] survivors = plan.survivors().values().stream().distinct().toArray(UUID[]::new);
        Set<UUID> withdrawn = new HashSet<>(jdbc.queryForList(
                "SELECT id FROM core_records WHERE tenant_id = ? AND id = ANY (?) AND consent_state = 'withdrawn'",
                UUID.class, ctx.tenantId(), survivors));
        if (withdrawn.isEmpty()) {
            return plan;
        }
        Set<RowState> refused = new HashSet<>();
        plan.survivors().forEach((row, survivor) -> {
            if (withdrawn.contains(survivor)) {
                refused.add(row);
            }
        });
        Set<UUID> refusedIds = new HashSet<>();
        refused.forEach(r -> refusedIds.add(r.recordId()));
        jdbc.update("UPDATE chunk_rows SET outcome = 'skipped_consent', core_id = NULL WHERE row_number = ANY (?)",
                (Object) refused.stream().map(RowState::rowNumber).toArray(Long[]::new));
        refused.forEach(r -> skip(r, Outcome.SKIPPED_CONSENT));
        Map<RowState, UUID> keptSurvivors = new HashMap<>(plan.survivors());
        Map<RowState, long[]> keptKeys = new HashMap<>(plan.keyHashes());
        refused.forEach(r -> {
            keptSurvivors.remove(r);
            keptKeys.remove(r);
        });
        java.util.function.Predicate<IdentityResolution.Suggestion> kept =
                x -> !refusedIds.contains(x.a()) && !refusedIds.contains(x.b());
        return new IdentityResolution.Plan(plan.rules(),
                plan.merges().stream().filter(m -> !refusedIds.contains(m.mergedId())).toList(),
                plan.suggestions().stream().filter(kept).toList(), keptSurvivors, keptKeys,
                plan.households().stream().filter(kept).toList(), plan.saturated());
    }

    private void skipWithdrawn(UUID tenantId, Map<Long, RowState> rows) {
        jdbc.query("""
                UPDATE chunk_rows r SET outcome = 'skipped_consent'
                  FROM core_records c
                 WHERE c.id = r.core_id AND c.tenant_id = ? AND r.outcome IN ('updated', 'unchanged')
                   AND c.consent_state = 'withdrawn'
                   AND NOT COALESCE(r.attributes ->> 'consent_state' = 'granted'
                                    AND privacy_timestamp(r.attributes ->> 'consent_signed_at') > c.consent_signed_at, false)
                RETURNING r.row_number""", rs -> {
            skip(rows.get(rs.getLong(1)), Outcome.SKIPPED_CONSENT);
        }, tenantId);
    }

    private void skipErased(RunContext ctx, Map<Long, RowState> rows) {
        UUID t = ctx.tenantId();
        Map<String, List<RowState>> byHash = new HashMap<>();
        for (RowState row : rows.values()) {
            if (row.outcome() != Outcome.INSERTED) {
                continue;
            }
            for (String h : new String[] {
                    hashes.externalId(t, ctx.externalSystem(), row.externalId()),
                    hashes.hash(t, "email", row.fields().get("email")),
                    hashes.hash(t, "phone", row.fields().get("phone"))}) {
                if (h != null) {
                    byHash.computeIfAbsent(h, k -> new ArrayList<>()).add(row);
                }
            }
        }
        if (byHash.isEmpty()) {
            return;
        }
        List<Long> refused = new ArrayList<>();
        jdbc.query("SELECT key_hash FROM erased_identities WHERE tenant_id = ? AND entity_type = ? AND key_hash = ANY (?)",
                rs -> {
                    for (RowState row : byHash.get(rs.getString(1))) {
                        if (row.outcome() != Outcome.SKIPPED_ERASED) {
                            skip(row, Outcome.SKIPPED_ERASED);
                            refused.add(row.rowNumber());
                        }
                    }
                }, t, ctx.entityType(), byHash.keySet().toArray(String[]::new));
        if (!refused.isEmpty()) {
            jdbc.update("UPDATE chunk_rows SET outcome = 'skipped_erased', core_id = NULL WHERE row_number = ANY (?)",
                    (Object) refused.toArray(Long[]::new));
        }
    }

    private static void skip(RowState row, Outcome outcome) {
        row.outcome(outcome);
        row.recordId(null);
        if (outcome == Outcome.SKIPPED_ERASED) {
            // Staging keeps the row's columns and outcome, never the erased person's values again.
            row.raw().replaceAll((column, value) -> null);
            row.fieldsJson("{}");
            row.contentHash(null);
        }
    }
}
