package org.tenantio.importer.load;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * The unchanged fast path (issue 11 A). A row is digested exactly as read, together with
 * everything that decides what the load makes of it (mapping version and content, rule policy,
 * default region, header, the rules' code revision): {@code raw_hash}. The load stores it on the
 * key next to {@code source_hash} when a row loads without any violation. When the same source
 * sends a key with the same digest again, validation, identity resolution and the upsert would
 * compute the very {@code source_hash} the key holds and end the row {@code unchanged}; so the
 * prepare stage marks such rows with one index scan per chunk, and the load confirms them
 * with another under its lock (a key changed, erased or withdrawn in between goes the
 * full way after all).
 */
@Component("unchangedRows")
public class UnchangedRows {

    /**
     * Bump when a rule or the mapping code changes what a row normalises to or whether it
     * passes: every stored raw_hash then stops matching, and the next import validates in full.
     */
    static final String RULES_REVISION = "1";

    /**
     * The prepare stage's probe: the stored digests of the chunk's keys. One index scan with the
     * keys as an array condition, not a join: planned as a join it became a hash join over the
     * tenant's whole external_id_map once that outgrew a chunk; a LATERAL probe per key cost up to
     * twice the array scan for keys spread over the tenant, the same for keys in order
     * (docs/benchmarks.md). ChunkPlansIT keeps it an index scan.
     */
    static final String SCREEN = """
                SELECT m.external_id, m.raw_hash FROM external_id_map m
                 WHERE m.tenant_id = ? AND m.entity_type = ? AND m.external_system = ? AND m.external_id = ANY (?::text[])""";

    /** The writer's confirmation, under its lock, the same index scan; a clause on the records follows where any is withdrawn. */
    static final String CONFIRM = """
                SELECT m.external_id, m.raw_hash, m.core_id, m.source_hash, (m.first_seen_run = ? OR m.last_seen_run = ?)
                  FROM external_id_map m
                 WHERE m.tenant_id = ? AND m.entity_type = ? AND m.external_system = ? AND m.external_id = ANY (?::text[])""";

    private final JdbcTemplate jdbc;

    public UnchangedRows(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The prepare stage, after mapping: digests each row and marks those loaded before as they are. */
    public RowChunk screen(RowChunk chunk) {
        RunContext ctx = chunk.context();
        String settings = settings(ctx);
        MessageDigest sha = sha256();
        Map<String, Integer> perKey = new HashMap<>();
        List<RowState> keyed = new ArrayList<>();
        for (RowState row : chunk.rows()) {
            row.loadedBefore(false);
            if (row.quarantined()) {
                continue;
            }
            row.rawHash(digest(sha, settings, row.values()));
            if (row.externalId() != null && row.violations().isEmpty()) {
                keyed.add(row);
                perKey.merge(row.externalId(), 1, Integer::sum);
            }
        }
        // a key the chunk names twice is left to the full path, which writes it once (RepeatedKeys)
        List<RowState> candidates = keyed.stream().filter(r -> perKey.get(r.externalId()) == 1).toList();
        if (candidates.isEmpty()) {
            return chunk;
        }
        Map<String, String> stored = new HashMap<>();
        jdbc.query(SCREEN, rs -> {
            stored.put(rs.getString(1), rs.getString(2));
        }, ctx.tenantId(), ctx.entityType(), ctx.externalSystem(),
                candidates.stream().map(RowState::externalId).toArray(String[]::new));
        for (RowState row : candidates) {
            row.loadedBefore(row.rawHash().equals(stored.get(row.externalId())));
        }
        return chunk;
    }

    /**
     * In the chunk's transaction, under the writer's lock: the marked rows whose key still holds
     * their digest, a live record and no withdrawn consent end {@code unchanged} (with the key's
     * record and source_hash); the others lose the mark and are returned, to be validated and
     * loaded in full. Counts the confirmed rows whose key an earlier chunk of this run wrote.
     */
    Confirmed confirm(RunContext ctx, List<RowState> marked) {
        if (marked.isEmpty()) {
            return new Confirmed(List.of(), 0);
        }
        Map<String, RowState> byKey = new HashMap<>();
        marked.forEach(r -> byKey.put(r.externalId(), r));
        long[] seenInRun = {0};
        // An erasure deletes the person's keys, a rollback the keys it added: a key found has its
        // record. A withdrawn record's rows are refused, not unchanged (privacy.ConsentGate): where
        // the tenant has any (one partial-index probe), the records are looked at too.
        Boolean anyWithdrawn = jdbc.queryForObject("""
                SELECT EXISTS (SELECT 1 FROM core_records WHERE tenant_id = ? AND entity_type = ? AND consent_state = 'withdrawn')""",
                Boolean.class, ctx.tenantId(), ctx.entityType());
        String live = Boolean.TRUE.equals(anyWithdrawn) ? """
                   AND NOT EXISTS (SELECT 1 FROM core_records c WHERE c.tenant_id = m.tenant_id AND c.id = m.core_id
                                      AND (c.consent_state = 'withdrawn' OR c.erased_at IS NOT NULL))""" : "";
        jdbc.query(CONFIRM + "\n" + live, rs -> {
            RowState row = byKey.get(rs.getString(1));
            if (!row.rawHash().equals(rs.getString(2))) {
                return; // the key holds another digest now: the full way
            }
            byKey.remove(rs.getString(1));
            row.recordId(rs.getObject(3, UUID.class));
            row.contentHash(rs.getString(4));
            row.outcome(Outcome.UNCHANGED);
            if (rs.getBoolean(5)) {
                seenInRun[0]++;
            }
        }, ctx.runId(), ctx.runId(), ctx.tenantId(), ctx.entityType(), ctx.externalSystem(),
                marked.stream().map(RowState::externalId).toArray(String[]::new));
        List<RowState> stale = new ArrayList<>(byKey.values());
        stale.forEach(r -> r.loadedBefore(false));
        return new Confirmed(stale, seenInRun[0]);
    }

    record Confirmed(List<RowState> stale, long seenInRun) {
    }

    /** Everything besides the row itself that decides what the load makes of it. */
    static String settings(RunContext ctx) {
        StringBuilder sb = new StringBuilder("rules ").append(RULES_REVISION);
        sb.append("\u001emapping ").append(ctx.mapping().version()).append(' ').append(ctx.mapping().checksum());
        sb.append("\u001epipeline ").append(ctx.pipelineId()).append(' ').append(ctx.entityType())
                .append(' ').append(ctx.externalSystem());
        sb.append("\u001eregion ").append(ctx.defaultRegion());
        sb.append("\u001eheader ").append(ctx.layout().header());
        sb.append("\u001emodes ").append(new TreeMap<>(ctx.rules().modes()));
        EntityContract contract = ctx.rules().contract();
        if (contract != null) {
            sb.append("\u001econtract ").append(contract.entity()).append(' ').append(new TreeMap<>(contract.fields()))
                    .append(' ').append(contract.rules()).append(' ').append(contract.match());
        }
        return digest(sha256(), sb.toString(), List.of());
    }

    private static String digest(MessageDigest sha, String settings, List<String> values) {
        sha.reset();
        sha.update(settings.getBytes(StandardCharsets.UTF_8));
        for (String v : values) {
            // each cell length-prefixed (-1 for a missing one): no two rows digest the same bytes
            byte[] bytes = v == null ? new byte[0] : v.getBytes(StandardCharsets.UTF_8);
            int length = v == null ? -1 : bytes.length;
            sha.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
            sha.update(bytes);
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
