package org.tenantio.importer.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
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
    private final ScoringSlices slices;
    private final SaturatedKeys saturatedKeys;

    public IdentityResolution(JdbcTemplate jdbc, ObjectMapper json, MatchConfigs configs, MergeWriter merges,
                              PipelineRepository pipelines, MatchKeyHasher hasher, TermFrequencyStore frequencies,
                              MatchKeyWriter keyState, ScoringSlices slices, SaturatedKeys saturatedKeys) {
        this.slices = slices;
        this.saturatedKeys = saturatedKeys;
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
    /** saturated: key hashes whose block in the core is already too common to find candidates; they are not stored again. */
    public record Plan(MatchRules rules, List<MergeWriter.Planned> merges, List<Suggestion> suggestions,
                       Map<RowState, UUID> survivors, Map<RowState, long[]> keyHashes, List<Suggestion> households,
                       Set<Long> saturated) {
    }

    private record Candidate(UUID id, Map<String, ?> attributes) {
    }

    /** A scored candidate of one row; only pairs that can matter are kept (not DIFFERENT, or a household). */
    private record Scored(UUID id, PairScorer.Score score) {
    }

    /** What decide collects for the chunk. */
    private record Decisions(Map<UUID, UUID> rootOf, List<MergeWriter.Planned> planned, List<Suggestion> suggestions,
                             Map<RowState, UUID> survivors, List<Suggestion> households) {
    }

    /** Highest score first; equal scores by candidate id, so that the outcome never depends on the order rows came back in. */
    private static final Comparator<Scored> BEST_FIRST = Comparator.comparingDouble((Scored e) -> e.score().score()).reversed()
            .thenComparing(Scored::id);

    /**
     * Decides the chunk's new rows (outcome inserted): some become merged or review. Null when
     * the entity is not matched. Candidates are gathered in file order (a row sees the chunk's
     * earlier rows), the pairs are scored on both cores ({@link ScoringSlices}: scores are pure
     * functions of the two records and the chunk's frequencies), and the rows are then decided
     * one by one in file order: the same input gives the same merges, however the scoring was split.
     */
    public Plan plan(RunContext ctx, List<RowState> rows) {
        if (ctx.dryRun()) {
            return null;
        }
        MatchRules rules = configs.find(ctx.tenantId(), ctx.entityType()).orElse(null);
        if (rules == null || !matching(ctx)) {
            return null;
        }
        List<RowState> fresh = rows.stream().filter(r -> r.outcome() == Outcome.INSERTED).toList();
        List<List<BlockingKeys.Key>> keys = new ArrayList<>(fresh.size());
        Map<RowState, long[]> hashes = new HashMap<>();
        for (RowState r : fresh) {
            List<BlockingKeys.Key> rowKeys = List.copyOf(BlockingKeys.of(rules, r.fields()));
            keys.add(rowKeys);
            hashes.put(r, rowKeys.stream().mapToLong(hasher::hash).toArray());
        }
        Set<Long> known = saturatedKeys.of(ctx.runId());
        CoreCandidates fromCore = candidates(ctx, rules, fresh, hashes, known);
        ValueFrequencies tf = frequencies.read(ctx.tenantId(), ctx.entityType(), rules,
                java.util.stream.Stream.concat(fresh.stream().map(RowState::fields),
                        fromCore.attributes().values().stream()).toList(),
                fresh.stream().map(RowState::fields).toList());
        List<List<UUID>> candidateIds = gather(rules, fresh, hashes, fromCore, known);
        PairScorer scorer = new PairScorer(rules);
        Map<UUID, PairScorer.Prepared> prepared = prepare(scorer, fresh, fromCore);
        List<List<Scored>> scored = score(scorer, fresh, candidateIds, prepared, tf);
        Decisions d = new Decisions(new HashMap<>(), new ArrayList<>(), new ArrayList<>(), new HashMap<>(), new ArrayList<>());
        for (int i = 0; i < fresh.size(); i++) {
            decide(fresh.get(i), scored.get(i), d);
        }
        Set<Long> saturated = new HashSet<>();
        fromCore.byKey().forEach((key, members) -> {
            if (members.size() > rules.maxCandidatesPerKey()) {
                saturated.add(key);
            }
        });
        known.addAll(saturated);
        hashes.values().forEach(h -> {
            for (long k : h) {
                if (known.contains(k)) {
                    saturated.add(k);
                }
            }
        });
        return new Plan(rules, d.planned(), d.suggestions(), d.survivors(), hashes, d.households(), saturated);
    }

    /**
     * Each row's candidates, in file order: the core records sharing a key, then the chunk's
     * earlier rows sharing one. A key shared by more than maxCandidatesPerKey records (in the
     * core and the chunk together) is too common to tell people apart (a common name in a large
     * postcode: Splink's argument against blocking on frequent values) and finds no candidates;
     * the row's other keys still do.
     */
    private static List<List<UUID>> gather(MatchRules rules, List<RowState> fresh, Map<RowState, long[]> hashes,
                                           CoreCandidates fromCore, Set<Long> known) {
        int cap = rules.maxCandidatesPerKey();
        Map<Long, List<UUID>> earlier = new HashMap<>();
        List<List<UUID>> out = new ArrayList<>(fresh.size());
        for (RowState row : fresh) {
            java.util.LinkedHashSet<UUID> ids = new java.util.LinkedHashSet<>();
            long[] h = hashes.get(row);
            for (long key : h) {
                List<UUID> core = fromCore.byKey().getOrDefault(key, List.of());
                List<UUID> seen = earlier.getOrDefault(key, List.of());
                if (!known.contains(key) && core.size() + seen.size() <= cap) {
                    ids.addAll(core);
                }
            }
            for (long key : h) {
                List<UUID> core = fromCore.byKey().getOrDefault(key, List.of());
                List<UUID> seen = earlier.computeIfAbsent(key, k -> new ArrayList<>());
                if (!known.contains(key) && core.size() + seen.size() <= cap) {
                    ids.addAll(seen);
                }
            }
            for (long key : h) {
                earlier.get(key).add(row.recordId());
            }
            ids.remove(row.recordId());
            out.add(List.copyOf(ids));
        }
        return out;
    }

    /** Every record in play prepared for comparison once: the chunk's new rows and their core candidates. */
    private Map<UUID, PairScorer.Prepared> prepare(PairScorer scorer, List<RowState> fresh, CoreCandidates fromCore) {
        List<Map.Entry<UUID, ? extends Map<String, ?>>> records = new ArrayList<>(fresh.size() + fromCore.attributes().size());
        fresh.forEach(r -> records.add(Map.entry(r.recordId(), r.fields())));
        records.addAll(fromCore.attributes().entrySet());
        PairScorer.Prepared[] out = new PairScorer.Prepared[records.size()];
        slices.run(records.size(), i -> out[i] = scorer.prepare(records.get(i).getValue()));
        Map<UUID, PairScorer.Prepared> byId = new HashMap<>(records.size() * 2);
        for (int i = 0; i < out.length; i++) {
            byId.putIfAbsent(records.get(i).getKey(), out[i]);
        }
        return byId;
    }

    /** Scores every row's candidates, rows spread over the scoring slices; each row's list comes back best first. */
    private List<List<Scored>> score(PairScorer scorer, List<RowState> fresh, List<List<UUID>> candidateIds,
                                     Map<UUID, PairScorer.Prepared> prepared, ValueFrequencies tf) {
        @SuppressWarnings("unchecked")
        List<Scored>[] out = new List[fresh.size()];
        slices.run(fresh.size(), i -> {
            PairScorer.Prepared row = prepared.get(fresh.get(i).recordId());
            List<Scored> kept = new ArrayList<>(2);
            for (UUID id : candidateIds.get(i)) {
                PairScorer.Score score = scorer.score(prepared.get(id), row, tf);
                if (score.decision() != PairScorer.Decision.DIFFERENT || score.household()) {
                    kept.add(new Scored(id, score));
                }
            }
            kept.sort(BEST_FIRST);
            out[i] = kept;
        });
        return java.util.Arrays.asList(out);
    }

    private void decide(RowState row, List<Scored> scored, Decisions d) {
        Scored best = scored.isEmpty() ? null : scored.get(0);
        boolean merged = best != null && best.score().decision() == PairScorer.Decision.AUTO_MERGE;
        UUID self = row.recordId();
        if (merged) {
            UUID survivor = d.rootOf().getOrDefault(best.id(), best.id());
            d.rootOf().put(row.recordId(), survivor);
            d.planned().add(new MergeWriter.Planned(survivor, row.recordId(), best.score().score(),
                    best.score().features(), null, null));
            d.survivors().put(row, survivor);
            row.outcome(Outcome.MERGED);
            self = survivor;
        }
        Map<UUID, Boolean> linked = new HashMap<>();
        for (Scored e : scored) {
            UUID other = d.rootOf().getOrDefault(e.id(), e.id());
            if (e.score().household() && !other.equals(self) && linked.putIfAbsent(other, true) == null) {
                d.households().add(new Suggestion(other, self, e.score()));
            }
        }
        if (merged) {
            return;
        }
        Map<UUID, Boolean> suggested = new HashMap<>();
        for (Scored e : scored) {
            UUID other = d.rootOf().getOrDefault(e.id(), e.id());
            if (e.score().decision() == PairScorer.Decision.DIFFERENT || suggested.size() >= MAX_SUGGESTIONS_PER_ROW
                    || suggested.putIfAbsent(other, true) != null) {
                continue;
            }
            d.suggestions().add(new Suggestion(other, row.recordId(), e.score()));
        }
        if (!suggested.isEmpty()) {
            row.outcome(Outcome.REVIEW);
        }
    }

    /** The chunk's core candidates: per key hash the records holding it (at most maxCandidatesPerKey + 1), and their attributes. */
    private record CoreCandidates(Map<Long, List<UUID>> byKey, Map<UUID, Map<String, Object>> attributes) {
    }

    /**
     * The chunk's candidates from the core: one query for all its distinct key hashes, reading
     * at most maxCandidatesPerKey + 1 records per key (one more tells a block too common to
     * use), then the attributes of the records of the usable blocks, each once.
     */
    private CoreCandidates candidates(RunContext ctx, MatchRules rules, List<RowState> fresh, Map<RowState, long[]> hashes,
                                      Set<Long> known) {
        java.util.LinkedHashSet<Long> distinct = new java.util.LinkedHashSet<>();
        fresh.forEach(r -> {
            for (long k : hashes.get(r)) {
                if (!known.contains(k)) {
                    distinct.add(k);
                }
            }
        });
        Map<Long, List<UUID>> byKey = new HashMap<>();
        Map<UUID, Map<String, Object>> attributes = new HashMap<>();
        if (distinct.isEmpty()) {
            return new CoreCandidates(byKey, attributes);
        }
        int cap = rules.maxCandidatesPerKey();
        // One index probe per key (and per candidate), whatever the statistics say: while a first
        // large run fills match_keys its statistics lag, and a sequential scan per chunk would make
        // the run quadratic. Neither statement joins a table that has no index to use.
        jdbc.execute("SET LOCAL enable_seqscan = off");
        jdbc.query("""
                SELECT q.key_hash, k.core_id FROM unnest(?::bigint[]) AS q(key_hash)
                 CROSS JOIN LATERAL (SELECT k.core_id FROM match_keys k
                                      WHERE k.tenant_id = ? AND k.entity_type = ? AND k.key_hash = q.key_hash
                                      ORDER BY k.core_id LIMIT ?) k""",
                rs -> {
                    byKey.computeIfAbsent(rs.getLong(1), n -> new ArrayList<>()).add(rs.getObject(2, UUID.class));
                }, distinct.toArray(Long[]::new), ctx.tenantId(), ctx.entityType(), cap + 1);
        UUID[] ids = byKey.values().stream().filter(c -> c.size() <= cap).flatMap(List::stream).distinct()
                .toArray(UUID[]::new);
        if (ids.length > 0) {
            attributes.putAll(readCandidates(ctx.tenantId(), ids, compared(rules)));
        }
        jdbc.execute("SET LOCAL enable_seqscan = on");
        // Merged-away records hold keys too; they are no candidates (their survivor is, through its own keys).
        byKey.replaceAll((key, members) -> members.size() > cap ? members
                : members.stream().filter(attributes::containsKey).toList());
        return new CoreCandidates(byKey, attributes);
    }

    /**
     * The one place candidate records are read from the core: active records only, by id, and of
     * their attributes only those the features compare (a chunk reads thousands of candidates).
     */
    private Map<UUID, Map<String, Object>> readCandidates(UUID tenantId, UUID[] ids, String[] fields) {
        Map<UUID, Map<String, Object>> out = new HashMap<>(ids.length * 2);
        Set<String> wanted = Set.of(fields);
        // The whole document, picked apart here: expanding and re-aggregating each record's jsonb
        // in SQL cost the database more than the bytes saved (pg_stat_statements, issue 11 A).
        jdbc.query("SELECT id, attributes::text FROM core_records WHERE tenant_id = ? AND id = ANY(?) AND merged_into IS NULL",
                rs -> {
                    out.put(rs.getObject(1, UUID.class), comparedAttributes(rs.getString(2), wanted));
                }, tenantId, ids);
        return out;
    }

    /** Of a stored document, the compared attributes, sealed ones opened. */
    private Map<String, Object> comparedAttributes(String text, Set<String> wanted) {
        Map<String, Object> all;
        try {
            all = json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored record attributes cannot be read", e);
        }
        Map<String, Object> kept = new HashMap<>();
        all.forEach((k, v) -> {
            if (wanted.contains(k)) {
                kept.put(k, opened(v));
            }
        });
        return kept;
    }

    /** A stored value in clear: a sealed text, or each of a list's (a merged record's emails). */
    private Object opened(Object value) {
        if (value instanceof String s) {
            return personal.openValue(s);
        }
        if (value instanceof List<?> list) {
            return list.stream().map(this::opened).toList();
        }
        return value;
    }

    /** The attributes scoring reads: every feature's fields and swapWith field, and their lists on merged records (emails). */
    private static String[] compared(MatchRules rules) {
        java.util.LinkedHashSet<String> fields = new java.util.LinkedHashSet<>();
        for (MatchRules.Feature f : rules.features()) {
            fields.addAll(f.fields());
            if (f.swapWith() != null) {
                fields.add(f.swapWith());
            }
        }
        return fields.stream().flatMap(f -> java.util.stream.Stream.of(f, f + "s")).toArray(String[]::new);
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
        KeyRows fresh = new KeyRows();
        KeyRows updated = new KeyRows();
        List<Map<String, ?>> created = new ArrayList<>();
        for (RowState row : rows) {
            if (row.recordId() != null && row.outcome() != Outcome.UNCHANGED) {
                long[] h = plan.keyHashes().get(row);
                KeyRows into = h == null ? updated : fresh;
                if (h == null) { // an updated record: keys of its new values
                    h = BlockingKeys.of(plan.rules(), row.fields()).stream().mapToLong(hasher::hash).toArray();
                }
                // two keys of one row can hash alike (first and last name with one soundex code)
                for (long k : java.util.Arrays.stream(h).distinct().toArray()) {
                    // A block past the limit finds nothing whatever it holds: one more member only costs an index entry.
                    if (!plan.saturated().contains(k)) {
                        into.add(k, row.recordId());
                    }
                }
                if (row.outcome() == Outcome.INSERTED || row.outcome() == Outcome.REVIEW) {
                    created.add(row.fields());
                }
            }
        }
        if (!fresh.isEmpty() || !updated.isEmpty()) {
            keyState.markCurrent(ctx.tenantId());
        }
        // A record created in this chunk has no keys yet (its id is new): a plain insert, without
        // the speculative insertion ON CONFLICT costs per row. An updated record may hold some.
        insertKeys(ctx, fresh, "");
        insertKeys(ctx, updated, " ON CONFLICT DO NOTHING");
        frequencies.add(ctx.tenantId(), ctx.entityType(), plan.rules(), created);
        writeSuggestions(ctx.tenantId(), ctx.entityType(), ctx.runId(), plan.suggestions());
        writeHouseholdLinks(ctx.tenantId(), ctx.entityType(), ctx.runId(), plan.households());
        merges.apply(new MergeWriter.Origin(ctx.tenantId(), ctx.entityType(), ctx.runId(), ctx.pipelineId(),
                ctx.sourceFile(), "system:import"), plan.merges());
        plan.survivors().forEach((row, survivor) -> row.recordId(survivor));
    }

    /** Key hashes and their records, in two parallel lists: the arrays one insert statement takes. */
    private static final class KeyRows {
        final List<Long> hashes = new ArrayList<>();
        final List<UUID> owners = new ArrayList<>();

        void add(long hash, UUID owner) {
            hashes.add(hash);
            owners.add(owner);
        }

        boolean isEmpty() {
            return hashes.isEmpty();
        }
    }

    /** In key order, so the inserts walk the primary key's pages in order instead of at random. */
    private void insertKeys(RunContext ctx, KeyRows keys, String onConflict) {
        if (keys.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO match_keys (tenant_id, entity_type, key_hash, core_id, run_id)
                SELECT ?, ?, x.key_hash, x.core_id, ? FROM unnest(?::bigint[], ?::uuid[]) AS x(key_hash, core_id)
                 ORDER BY x.key_hash""" + onConflict,
                ctx.tenantId(), ctx.entityType(), ctx.runId(), keys.hashes.toArray(Long[]::new), keys.owners.toArray(UUID[]::new));
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

    /** The run's writes are over (completed, failed or stopped): what it learnt about saturated blocks goes. */
    public void runEnded(UUID runId) {
        saturatedKeys.forget(runId);
    }

    /** A pipeline may switch matching off (option matching: off), e.g. for a bulk load of records known to be distinct. */
    private boolean matching(RunContext ctx) {
        return ctx.pipelineId() == null || pipelines.findById(ctx.tenantId(), ctx.pipelineId())
                .map(p -> !"off".equals(String.valueOf(p.options().get("matching")))).orElse(true);
    }

    /** Stored personal values are decrypted here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
