package org.tenantio.importer.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * Identity resolution of a chunk's new rows, inside the chunk's transaction. {@link #plan}
 * computes each new row's blocking keys (once: {@link #apply} reuses them), fetches every
 * candidate of the chunk in one query (the keys' hashes joined to match_keys), adds the chunk's
 * earlier rows sharing a key, reads the tenant's name frequencies for the values in play, scores
 * the pairs and decides: merge into the best candidate, ask for review, or a new record; pairs
 * that share a home or contact but not a first name become household links. {@link #apply},
 * once the rows are in the core, writes the keys, frequencies, suggestions, links and merges
 * set-based.
 */
@Component
public class IdentityResolution {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int MAX_SUGGESTIONS_PER_ROW = 3;

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;
    private final MatchConfigs configs;
    private final MergeWriter merges;
    private final PipelineRepository pipelines;
    private final MatchKeyHasher hasher;
    private final TermFrequencyStore frequencies;
    private final MatchKeyWriter keyState;

    public IdentityResolution(JdbcTemplate jdbc, ObjectMapper json, MatchConfigs configs, MergeWriter merges,
                              PipelineRepository pipelines, MatchKeyHasher hasher, TermFrequencyStore frequencies,
                              MatchKeyWriter keyState) {
        this.keyState = keyState;
        this.pipelines = pipelines;
        this.jdbc = jdbc;
        this.json = json;
        this.configs = configs;
        this.merges = merges;
        this.hasher = hasher;
        this.frequencies = frequencies;
    }

    /** A review suggestion: the pair, its score and every feature's contribution. */
    public record Suggestion(UUID a, UUID b, PairScorer.Score score) {
    }

    /** What a chunk's identity resolution decided; applied once the rows are in the core. */
    public record Plan(MatchRules rules, List<MergeWriter.Planned> merges, List<Suggestion> suggestions,
                       Map<RowState, UUID> survivors, Map<RowState, long[]> keyHashes, List<Suggestion> households) {
    }

    private record Candidate(UUID id, Map<String, ?> attributes) {
    }

    /** What decide collects for the chunk. */
    private record Decisions(Map<UUID, UUID> rootOf, List<MergeWriter.Planned> planned, List<Suggestion> suggestions,
                             Map<RowState, UUID> survivors, List<Suggestion> households) {
    }

    /** Decides the chunk's new rows (outcome inserted): some become merged or review. Null when the entity is not matched. */
    public Plan plan(RunContext ctx, List<RowState> rows) {
        if (ctx.dryRun()) {
            return null;
        }
        MatchRules rules = configs.find(ctx.tenantId(), ctx.entityType()).orElse(null);
        if (rules == null || !matching(ctx)) {
            return null;
        }
        List<RowState> fresh = rows.stream().filter(r -> r.outcome() == Outcome.INSERTED).toList();
        Map<RowState, Set<BlockingKeys.Key>> keys = new LinkedHashMap<>();
        Map<RowState, long[]> hashes = new HashMap<>();
        for (RowState r : fresh) {
            Set<BlockingKeys.Key> rowKeys = BlockingKeys.of(rules, r.fields());
            keys.put(r, rowKeys);
            hashes.put(r, rowKeys.stream().mapToLong(hasher::hash).toArray());
        }
        Map<Long, List<Candidate>> fromCore = candidates(ctx, rules, hashes);
        ValueFrequencies tf = frequencies.read(ctx.tenantId(), ctx.entityType(), rules,
                java.util.stream.Stream.concat(fresh.stream().map(RowState::fields),
                        fromCore.values().stream().flatMap(List::stream).map(Candidate::attributes)).toList(),
                fresh.stream().map(RowState::fields).toList());
        PairScorer scorer = new PairScorer(rules);
        Map<BlockingKeys.Key, List<RowState>> seen = new HashMap<>();
        Decisions d = new Decisions(new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new HashMap<>(), new ArrayList<>());
        for (RowState row : fresh) {
            Map<UUID, Candidate> candidates = new LinkedHashMap<>();
            fromCore.getOrDefault(row.rowNumber(), List.of()).forEach(c -> candidates.putIfAbsent(c.id(), c));
            for (BlockingKeys.Key key : keys.get(row)) {
                List<RowState> earlier = seen.computeIfAbsent(key, k -> new ArrayList<>());
                earlier.stream().limit(rules.maxCandidatesPerKey())
                        .forEach(e -> candidates.putIfAbsent(e.recordId(), new Candidate(e.recordId(), e.fields())));
                earlier.add(row);
            }
            decide(row, candidates.values(), scorer, tf, d);
        }
        return new Plan(rules, d.planned(), d.suggestions(), d.survivors(), hashes, d.households());
    }

    private void decide(RowState row, java.util.Collection<Candidate> candidates, PairScorer scorer, ValueFrequencies tf,
                        Decisions d) {
        List<Map.Entry<UUID, PairScorer.Score>> scored = new ArrayList<>();
        for (Candidate c : candidates) {
            scored.add(Map.entry(c.id(), scorer.score(c.attributes(), row.fields(), tf)));
        }
        scored.sort(Comparator.comparingDouble((Map.Entry<UUID, PairScorer.Score> e) -> e.getValue().score()).reversed());
        Map.Entry<UUID, PairScorer.Score> best = scored.isEmpty() ? null : scored.get(0);
        boolean merged = best != null && best.getValue().decision() == PairScorer.Decision.AUTO_MERGE;
        UUID self = row.recordId();
        if (merged) {
            UUID survivor = d.rootOf().getOrDefault(best.getKey(), best.getKey());
            d.rootOf().put(row.recordId(), survivor);
            d.planned().add(new MergeWriter.Planned(survivor, row.recordId(), best.getValue().score(),
                    best.getValue().features(), null, null));
            d.survivors().put(row, survivor);
            row.outcome(Outcome.MERGED);
            self = survivor;
        }
        Map<UUID, Boolean> linked = new HashMap<>();
        for (Map.Entry<UUID, PairScorer.Score> e : scored) {
            UUID other = d.rootOf().getOrDefault(e.getKey(), e.getKey());
            if (e.getValue().household() && !other.equals(self) && linked.putIfAbsent(other, true) == null) {
                d.households().add(new Suggestion(other, self, e.getValue()));
            }
        }
        if (merged) {
            return;
        }
        Map<UUID, Boolean> suggested = new HashMap<>();
        for (Map.Entry<UUID, PairScorer.Score> e : scored) {
            UUID other = d.rootOf().getOrDefault(e.getKey(), e.getKey());
            if (e.getValue().decision() == PairScorer.Decision.DIFFERENT || suggested.size() >= MAX_SUGGESTIONS_PER_ROW
                    || suggested.putIfAbsent(other, true) != null) {
                continue;
            }
            d.suggestions().add(new Suggestion(other, row.recordId(), e.getValue()));
        }
        if (!suggested.isEmpty()) {
            row.outcome(Outcome.REVIEW);
        }
    }

    /** The chunk's candidates from the core: one query for all its key hashes, at most maxCandidatesPerKey per key. */
    private Map<Long, List<Candidate>> candidates(RunContext ctx, MatchRules rules, Map<RowState, long[]> hashes) {
        List<Long> rowNumbers = new ArrayList<>();
        List<Long> keyHashes = new ArrayList<>();
        hashes.forEach((row, h) -> {
            for (long k : h) {
                rowNumbers.add(row.rowNumber());
                keyHashes.add(k);
            }
        });
        Map<Long, List<Candidate>> out = new HashMap<>();
        if (keyHashes.isEmpty()) {
            return out;
        }
        // One index probe per key, whatever the statistics say: while a first large run fills
        // match_keys its statistics lag, and a sequential scan per key would make the run quadratic.
        jdbc.execute("SET LOCAL enable_seqscan = off");
        Map<Long, List<UUID>> pairs = new HashMap<>();
        jdbc.query("""
                SELECT DISTINCT q.row_number, k.core_id FROM unnest(?::bigint[], ?::bigint[]) AS q(row_number, key_hash)
                 CROSS JOIN LATERAL (SELECT k.core_id FROM match_keys k
                                      WHERE k.tenant_id = ? AND k.entity_type = ? AND k.key_hash = q.key_hash LIMIT ?) k""",
                rs -> {
                    pairs.computeIfAbsent(rs.getLong(1), n -> new ArrayList<>()).add(rs.getObject(2, UUID.class));
                }, rowNumbers.toArray(Long[]::new), keyHashes.toArray(Long[]::new), ctx.tenantId(), ctx.entityType(),
                rules.maxCandidatesPerKey());
        jdbc.execute("SET LOCAL enable_seqscan = on");
        // Each candidate's attributes once, however many rows it is a candidate for.
        Map<UUID, Map<String, Object>> attributes = new HashMap<>();
        UUID[] ids = pairs.values().stream().flatMap(List::stream).distinct().toArray(UUID[]::new);
        jdbc.query("SELECT id, attributes::text FROM core_records WHERE tenant_id = ? AND id = ANY(?) AND merged_into IS NULL",
                rs -> {
                    attributes.put(rs.getObject(1, UUID.class), readMap(rs.getString(2)));
                }, ctx.tenantId(), ids);
        pairs.forEach((row, candidates) -> candidates.stream().filter(attributes::containsKey)
                .forEach(id -> out.computeIfAbsent(row, n -> new ArrayList<>()).add(new Candidate(id, attributes.get(id)))));
        return out;
    }

    /**
     * Once the chunk's rows are in the core: their blocking keys (new and updated records), the
     * new records' name frequencies, the review suggestions and household links, then the merges.
     * Merged rows then name their survivor.
     */
    public void apply(RunContext ctx, Plan plan, List<RowState> rows) {
        if (plan == null) {
            return;
        }
        List<Long> keyHashes = new ArrayList<>();
        List<UUID> owners = new ArrayList<>();
        List<Map<String, ?>> created = new ArrayList<>();
        for (RowState row : rows) {
            if (row.recordId() != null && row.outcome() != Outcome.UNCHANGED) {
                long[] h = plan.keyHashes().get(row);
                if (h == null) { // an updated record: keys of its new values
                    h = BlockingKeys.of(plan.rules(), row.fields()).stream().mapToLong(hasher::hash).toArray();
                }
                for (long k : h) {
                    keyHashes.add(k);
                    owners.add(row.recordId());
                }
                if (row.outcome() == Outcome.INSERTED || row.outcome() == Outcome.REVIEW) {
                    created.add(row.fields());
                }
            }
        }
        if (!keyHashes.isEmpty()) {
            keyState.markCurrent(ctx.tenantId());
            jdbc.update("""
                    INSERT INTO match_keys (tenant_id, entity_type, key_hash, core_id, run_id)
                    SELECT ?, ?, x.key_hash, x.core_id, ? FROM unnest(?::bigint[], ?::uuid[]) AS x(key_hash, core_id)
                    ON CONFLICT DO NOTHING""",
                    ctx.tenantId(), ctx.entityType(), ctx.runId(), keyHashes.toArray(Long[]::new), owners.toArray(UUID[]::new));
        }
        frequencies.add(ctx.tenantId(), ctx.entityType(), plan.rules(), created);
        writeSuggestions(ctx.tenantId(), ctx.entityType(), ctx.runId(), plan.suggestions());
        writeHouseholdLinks(ctx.tenantId(), ctx.entityType(), ctx.runId(), plan.households());
        merges.apply(new MergeWriter.Origin(ctx.tenantId(), ctx.entityType(), ctx.runId(), ctx.pipelineId(),
                ctx.sourceFile(), "system:import"), plan.merges());
        plan.survivors().forEach((row, survivor) -> row.recordId(survivor));
    }

    /** Household links as (lower id, higher id) pairs with the features that were shared; a known pair is left as it is. */
    int writeHouseholdLinks(UUID tenantId, String entityType, UUID runId, List<Suggestion> links) {
        if (links.isEmpty()) {
            return 0;
        }
        ArrayNode items = json.createArrayNode();
        for (Suggestion s : links) {
            boolean ordered = s.a().compareTo(s.b()) < 0;
            ArrayNode shared = json.createArrayNode();
            s.score().features().stream().filter(f -> f.level().startsWith("agree")).forEach(f -> shared.add(f.feature()));
            items.addObject().put("left_id", (ordered ? s.a() : s.b()).toString())
                    .put("right_id", (ordered ? s.b() : s.a()).toString()).set("shared", shared);
        }
        return jdbc.update("""
                INSERT INTO household_links (tenant_id, entity_type, left_id, right_id, shared, run_id)
                SELECT ?, ?, x.left_id, x.right_id, ARRAY(SELECT jsonb_array_elements_text(x.shared)), ?
                  FROM jsonb_to_recordset(?::jsonb) AS x(left_id uuid, right_id uuid, shared jsonb)
                ON CONFLICT (tenant_id, left_id, right_id) DO NOTHING""", tenantId, entityType, runId, items.toString());
    }

    /** Suggestions as (lower id, higher id) pairs; a pair already known (pending, decided or remembered) is left as it is. */
    int writeSuggestions(UUID tenantId, String entityType, UUID runId, List<Suggestion> suggestions) {
        if (suggestions.isEmpty()) {
            return 0;
        }
        ArrayNode items = json.createArrayNode();
        for (Suggestion s : suggestions) {
            boolean ordered = s.a().compareTo(s.b()) < 0;
            items.addObject().put("left_id", (ordered ? s.a() : s.b()).toString())
                    .put("right_id", (ordered ? s.b() : s.a()).toString()).put("score", s.score().score())
                    .set("features", personal.sealFeatures(json.valueToTree(s.score().features())));
        }
        return jdbc.update("""
                INSERT INTO dedupe_suggestions (tenant_id, entity_type, left_id, right_id, score, features, run_id)
                SELECT ?, ?, x.left_id, x.right_id, x.score, x.features, ?
                  FROM jsonb_to_recordset(?::jsonb) AS x(left_id uuid, right_id uuid, score numeric, features jsonb)
                ON CONFLICT (tenant_id, left_id, right_id) DO NOTHING""", tenantId, entityType, runId, items.toString());
    }

    /** A pipeline may switch matching off (option matching: off), e.g. for a bulk load of records known to be distinct. */
    private boolean matching(RunContext ctx) {
        return ctx.pipelineId() == null || pipelines.findById(ctx.tenantId(), ctx.pipelineId())
                .map(p -> !"off".equals(String.valueOf(p.options().get("matching")))).orElse(true);
    }

    private Map<String, Object> readMap(String text) {
        try {
            return json.readValue(personal.open(text), MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored record attributes cannot be read", e);
        }
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
