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
import org.tenantio.importer.db.CsvCopyWriter;
import org.tenantio.importer.db.PostgresCopy;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.row.Outcome;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * Identity resolution of a chunk's new rows, inside the chunk's transaction. {@link #plan}
 * computes each new row's blocking keys, fetches every candidate of the chunk in one query
 * (the chunk's keys joined to match_keys), adds the chunk's earlier rows sharing a key, scores
 * the pairs and decides: merge into the best candidate, ask for review, or a new record.
 * {@link #apply}, once the rows are in the core, writes their keys, the suggestions and the
 * merges set-based.
 */
@Component
public class IdentityResolution {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };
    private static final int MAX_SUGGESTIONS_PER_ROW = 3;

    private final JdbcTemplate jdbc;
    private final PostgresCopy copy;
    private final ObjectMapper json;
    private final MatchConfigs configs;
    private final MergeWriter merges;
    private final PipelineRepository pipelines;

    public IdentityResolution(JdbcTemplate jdbc, PostgresCopy copy, ObjectMapper json, MatchConfigs configs,
                              MergeWriter merges, PipelineRepository pipelines) {
        this.pipelines = pipelines;
        this.jdbc = jdbc;
        this.copy = copy;
        this.json = json;
        this.configs = configs;
        this.merges = merges;
    }

    /** A review suggestion: the pair, its score and every feature's contribution. */
    record Suggestion(UUID a, UUID b, PairScorer.Score score) {
    }

    /** What a chunk's identity resolution decided; applied once the rows are in the core. */
    public record Plan(MatchRules rules, List<MergeWriter.Planned> merges, List<Suggestion> suggestions,
                       Map<RowState, UUID> survivors) {
    }

    private record Candidate(UUID id, Map<String, ?> attributes) {
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
        fresh.forEach(r -> keys.put(r, BlockingKeys.of(rules, r.fields())));
        Map<Long, List<Candidate>> fromCore = candidates(ctx, rules, keys);
        PairScorer scorer = new PairScorer(rules);
        Map<BlockingKeys.Key, List<RowState>> seen = new HashMap<>();
        Map<UUID, UUID> rootOf = new HashMap<>();
        List<MergeWriter.Planned> planned = new ArrayList<>();
        List<Suggestion> suggestions = new ArrayList<>();
        Map<RowState, UUID> survivors = new HashMap<>();
        for (RowState row : fresh) {
            Map<UUID, Candidate> candidates = new LinkedHashMap<>();
            fromCore.getOrDefault(row.rowNumber(), List.of()).forEach(c -> candidates.putIfAbsent(c.id(), c));
            for (BlockingKeys.Key key : keys.get(row)) {
                List<RowState> earlier = seen.computeIfAbsent(key, k -> new ArrayList<>());
                earlier.stream().limit(rules.maxCandidatesPerKey())
                        .forEach(e -> candidates.putIfAbsent(e.recordId(), new Candidate(e.recordId(), e.fields())));
                earlier.add(row);
            }
            decide(row, candidates.values(), scorer, rootOf, planned, suggestions, survivors);
        }
        return new Plan(rules, planned, suggestions, survivors);
    }

    private void decide(RowState row, java.util.Collection<Candidate> candidates, PairScorer scorer, Map<UUID, UUID> rootOf,
                        List<MergeWriter.Planned> planned, List<Suggestion> suggestions, Map<RowState, UUID> survivors) {
        List<Map.Entry<UUID, PairScorer.Score>> scored = new ArrayList<>();
        for (Candidate c : candidates) {
            scored.add(Map.entry(c.id(), scorer.score(c.attributes(), row.fields())));
        }
        scored.sort(Comparator.comparingDouble((Map.Entry<UUID, PairScorer.Score> e) -> e.getValue().score()).reversed());
        Map.Entry<UUID, PairScorer.Score> best = scored.isEmpty() ? null : scored.get(0);
        if (best != null && best.getValue().decision() == PairScorer.Decision.AUTO_MERGE) {
            UUID survivor = rootOf.getOrDefault(best.getKey(), best.getKey());
            rootOf.put(row.recordId(), survivor);
            planned.add(new MergeWriter.Planned(survivor, row.recordId(), best.getValue().score(),
                    best.getValue().features(), null, null));
            survivors.put(row, survivor);
            row.outcome(Outcome.MERGED);
            return;
        }
        Map<UUID, Boolean> suggested = new HashMap<>();
        for (Map.Entry<UUID, PairScorer.Score> e : scored) {
            UUID other = rootOf.getOrDefault(e.getKey(), e.getKey());
            if (e.getValue().decision() == PairScorer.Decision.DIFFERENT || suggested.size() >= MAX_SUGGESTIONS_PER_ROW
                    || suggested.putIfAbsent(other, true) != null) {
                continue;
            }
            suggestions.add(new Suggestion(other, row.recordId(), e.getValue()));
        }
        if (!suggested.isEmpty()) {
            row.outcome(Outcome.REVIEW);
        }
    }

    /** The chunk's candidates from the core: one query for all its keys, at most maxCandidatesPerKey per key value. */
    private Map<Long, List<Candidate>> candidates(RunContext ctx, MatchRules rules, Map<RowState, Set<BlockingKeys.Key>> keys) {
        CsvCopyWriter csv = new CsvCopyWriter();
        keys.forEach((row, rowKeys) -> rowKeys.forEach(k -> csv.value(row.rowNumber()).value(k.type()).value(k.value()).endRow()));
        Map<Long, List<Candidate>> out = new HashMap<>();
        if (csv.isEmpty()) {
            return out;
        }
        createChunkKeys();
        copy.copyIn("COPY chunk_keys (row_number, key_type, key_value) FROM STDIN (FORMAT csv)", csv.text());
        // One index probe per key, whatever the statistics say: while a first large run fills
        // match_keys its statistics lag, and a sequential scan per key would make the run quadratic.
        jdbc.execute("SET LOCAL enable_seqscan = off");
        Map<Long, List<UUID>> pairs = new HashMap<>();
        jdbc.query("""
                SELECT DISTINCT q.row_number, k.core_id FROM chunk_keys q
                 CROSS JOIN LATERAL (SELECT k.core_id FROM match_keys k
                                      WHERE k.tenant_id = ? AND k.entity_type = ? AND k.key_type = q.key_type
                                        AND k.key_value = q.key_value LIMIT ?) k""", rs -> {
            pairs.computeIfAbsent(rs.getLong(1), n -> new ArrayList<>()).add(rs.getObject(2, UUID.class));
        }, ctx.tenantId(), ctx.entityType(), rules.maxCandidatesPerKey());
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
        jdbc.execute("TRUNCATE chunk_keys");
        return out;
    }

    /**
     * Once the chunk's rows are in the core: their blocking keys (new and updated records), the
     * review suggestions, then the merges. Merged rows then name their survivor.
     */
    public void apply(RunContext ctx, Plan plan, List<RowState> rows) {
        if (plan == null) {
            return;
        }
        CsvCopyWriter csv = new CsvCopyWriter();
        for (RowState row : rows) {
            if (row.recordId() != null && row.outcome() != Outcome.UNCHANGED) {
                BlockingKeys.of(plan.rules(), row.fields()).forEach(k ->
                        csv.value(row.rowNumber()).value(k.type()).value(k.value()).value(row.recordId()).endRow());
            }
        }
        if (!csv.isEmpty()) {
            createChunkKeys();
            copy.copyIn("COPY chunk_keys (row_number, key_type, key_value, core_id) FROM STDIN (FORMAT csv)", csv.text());
            jdbc.update("""
                    INSERT INTO match_keys (tenant_id, entity_type, key_type, key_value, core_id, run_id)
                    SELECT ?, ?, key_type, key_value, core_id, ? FROM chunk_keys ON CONFLICT DO NOTHING""",
                    ctx.tenantId(), ctx.entityType(), ctx.runId());
            jdbc.execute("TRUNCATE chunk_keys");
        }
        writeSuggestions(ctx.tenantId(), ctx.entityType(), ctx.runId(), plan.suggestions());
        merges.apply(new MergeWriter.Origin(ctx.tenantId(), ctx.entityType(), ctx.runId(), ctx.pipelineId(),
                ctx.sourceFile(), "system:import"), plan.merges());
        plan.survivors().forEach((row, survivor) -> row.recordId(survivor));
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
                    .set("features", json.valueToTree(s.score().features()));
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

    /** The chunk's blocking keys, in a temporary table emptied at each use and at commit. */
    private void createChunkKeys() {
        jdbc.execute("CREATE TEMP TABLE IF NOT EXISTS chunk_keys (row_number bigint, key_type text, key_value text,"
                + " core_id uuid) ON COMMIT DELETE ROWS");
        jdbc.execute("TRUNCATE chunk_keys");
    }

    private Map<String, Object> readMap(String text) {
        try {
            return json.readValue(text, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored record attributes cannot be read", e);
        }
    }
}
