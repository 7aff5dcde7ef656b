package org.tenantio.importer.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.HashSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.db.CsvCopyWriter;
import org.tenantio.importer.db.PostgresCopy;

/**
 * Merges records set-based, in the caller's transaction: for each pair the merged record points
 * at the survivor (merged_into), every external id and blocking key of the merged record moves to
 * the survivor, the survivor's attributes follow {@link Survivorship}, and merge_log keeps the
 * full before-images of both records, the merged record's external ids and keys and the keys the
 * survivor gained, so {@link #undo} restores them exactly. Several merges into one survivor in one batch are applied in order, each with
 * its own before-image.
 */
@Component
public class MergeWriter {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final PostgresCopy copy;
    private final ObjectMapper json;

    public MergeWriter(JdbcTemplate jdbc, PostgresCopy copy, ObjectMapper json) {
        this.jdbc = jdbc;
        this.copy = copy;
        this.json = json;
    }

    /** One merge to make; score, features and suggestion say where it came from, choices are a steward's. */
    public record Planned(UUID survivorId, UUID mergedId, Double score, Object features, Long suggestionId,
                          Map<String, Survivorship.Side> choices) {
    }

    /** Who merges, and in which run (null outside a run): lineage and rollback depend on it. */
    public record Origin(UUID tenantId, String entityType, UUID runId, UUID pipelineId, String sourceFile, String actor) {
    }

    /** Merges per statement batch: a chunk of look-alikes can plan thousands, each with its before-images. */
    static final int BATCH = 500;

    /**
     * Applies the merges in order; returns each merged record's merge_log id. Written in batches so
     * the before-images held in memory stay bounded; each batch reads what the previous one wrote.
     */
    public Map<UUID, Long> apply(Origin origin, List<Planned> merges) {
        Map<UUID, Long> ids = new HashMap<>();
        for (int from = 0; from < merges.size(); from += BATCH) {
            ids.putAll(applyBatch(origin, merges.subList(from, Math.min(merges.size(), from + BATCH))));
        }
        return ids;
    }

    private Map<UUID, Long> applyBatch(Origin origin, List<Planned> merges) {
        if (merges.isEmpty()) {
            return Map.of();
        }
        UUID t = origin.tenantId();
        List<UUID> ids = new ArrayList<>();
        merges.forEach(m -> {
            ids.add(m.survivorId());
            ids.add(m.mergedId());
        });
        UUID[] idArray = ids.stream().distinct().toArray(UUID[]::new);
        Map<UUID, ObjectNode> rows = new HashMap<>();
        jdbc.query("SELECT id, to_jsonb(c)::text FROM core_records c WHERE tenant_id = ? AND id = ANY(?)",
                rs -> {
                    rows.put(rs.getObject(1, UUID.class), (ObjectNode) read(rs.getString(2)));
                }, t, idArray);
        Map<UUID, List<ObjectNode>> extIds = new HashMap<>();
        jdbc.query("""
                SELECT core_id, external_system, external_id FROM external_id_map
                 WHERE tenant_id = ? AND entity_type = ? AND core_id = ANY(?) ORDER BY external_system, external_id""",
                rs -> {
                    UUID core = rs.getObject(1, UUID.class);
                    extIds.computeIfAbsent(core, k -> new ArrayList<>()).add(json.createObjectNode()
                            .put("system", rs.getString(2)).put("id", rs.getString(3)));
                }, t, origin.entityType(), idArray);
        Map<UUID, List<ObjectNode>> keys = new HashMap<>();
        jdbc.query("""
                SELECT core_id, key_hash, run_id FROM match_keys
                 WHERE tenant_id = ? AND entity_type = ? AND core_id = ANY(?) ORDER BY key_hash""",
                rs -> {
                    UUID core = rs.getObject(1, UUID.class);
                    keys.computeIfAbsent(core, k -> new ArrayList<>()).add(json.createObjectNode()
                            .put("hash", rs.getLong(2)).put("run_id", rs.getString(3)));
                }, t, origin.entityType(), idArray);

        CsvCopyWriter log = new CsvCopyWriter();
        CsvCopyWriter changes = new CsvCopyWriter();
        Map<UUID, ObjectNode> survivorsAfter = new LinkedHashMap<>();
        for (Planned m : merges) {
            ObjectNode survivor = rows.get(m.survivorId());
            ObjectNode merged = rows.get(m.mergedId());
            if (survivor == null || merged == null) {
                throw new IllegalStateException("A record to merge does not exist");
            }
            ObjectNode before = json.createObjectNode();
            before.set("survivor", survivor.deepCopy());
            before.set("merged", merged.deepCopy());
            // The survivor keeps its own external ids and keys; what the merge moves is the merged
            // record's ids and keys, and the keys the survivor did not have yet.
            ArrayNode beforeIds = before.putArray("externalIds");
            ArrayNode beforeKeys = before.putArray("matchKeys");
            ArrayNode addedKeys = before.putArray("addedKeys");
            extIds.getOrDefault(m.mergedId(), List.of()).forEach(e -> beforeIds.add(e.deepCopy()
                    .put("core_id", m.mergedId().toString())));
            List<ObjectNode> survivorKeys = keys.computeIfAbsent(m.survivorId(), k -> new ArrayList<>());
            Set<String> had = new HashSet<>();
            survivorKeys.forEach(k -> had.add(k.get("hash").asText()));
            for (ObjectNode k : keys.getOrDefault(m.mergedId(), List.of())) {
                beforeKeys.add(k.deepCopy().put("core_id", m.mergedId().toString()));
                if (had.add(k.get("hash").asText())) {
                    ObjectNode added = k.deepCopy().put("run_id", origin.runId() == null ? null : origin.runId().toString());
                    survivorKeys.add(added);
                    addedKeys.add(added.deepCopy().put("core_id", m.survivorId().toString()));
                }
            }
            Survivorship.Source s = source(survivor);
            Survivorship.Source r = source(merged);
            Map<String, Object> attributes = Survivorship.attributes(s, r, m.choices() == null ? Map.of() : m.choices());
            changes.value(t).value(origin.runId()).value(m.survivorId()).value("merge").value(survivor.toString())
                    .value(json.createObjectNode().put("merged", m.mergedId().toString()).toString()).endRow();
            changes.value(t).value(origin.runId()).value(m.mergedId()).value("merge").value(merged.toString())
                    .value(json.createObjectNode().put("merged_into", m.survivorId().toString()).toString()).endRow();
            survivor.set("attributes", personal.sealTree(t, origin.entityType(), attributes));
            survivor.put("consent_state", Survivorship.consent(s, r));
            merged.put("merged_into", m.survivorId().toString());
            extIds.computeIfAbsent(m.survivorId(), k -> new ArrayList<>()).addAll(extIds.getOrDefault(m.mergedId(), List.of()));
            extIds.remove(m.mergedId());
            keys.remove(m.mergedId());
            survivorsAfter.put(m.survivorId(), survivor);
            log.value(t).value(origin.entityType()).value(m.survivorId()).value(m.mergedId()).value(before.toString())
                    .value(origin.actor()).value(origin.runId()).value(m.suggestionId()).value(m.score())
                    .value(m.features() == null ? null : write(personal.sealFeatures(json.valueToTree(m.features())))).endRow();
        }
        copy.copyInto("merge_log", "tenant_id, entity_type, survivor_id, merged_id, before_images, actor, run_id,"
                + " suggestion_id, score, features", log.text());
        copy.copyInto("change_log", "tenant_id, run_id, core_id, operation, before, after", changes.text());

        ArrayNode survivors = json.createArrayNode();
        survivorsAfter.forEach((id, row) -> survivors.addObject().put("id", id.toString())
                .put("consent_state", row.path("consent_state").asText()).set("attributes", row.get("attributes")));
        jdbc.update("""
                UPDATE core_records c SET attributes = x.attributes, consent_state = x.consent_state, updated_at = now(),
                       x_run_id = COALESCE(?, c.x_run_id), x_pipeline_id = COALESCE(?, c.x_pipeline_id),
                       x_source_file = COALESCE(?, c.x_source_file)
                  FROM jsonb_to_recordset(?::jsonb) AS x(id uuid, attributes jsonb, consent_state text)
                 WHERE c.id = x.id AND c.tenant_id = ?""",
                origin.runId(), origin.pipelineId(), origin.sourceFile(), survivors.toString(), t);
        ArrayNode pairs = json.createArrayNode();
        merges.forEach(m -> pairs.addObject().put("merged", m.mergedId().toString()).put("survivor", m.survivorId().toString()));
        String pairsJson = pairs.toString();
        String recordset = "jsonb_to_recordset(?::jsonb) AS x(merged uuid, survivor uuid)";
        jdbc.update("UPDATE core_records c SET merged_into = x.survivor, updated_at = now() FROM " + recordset
                + " WHERE c.id = x.merged AND c.tenant_id = ?", pairsJson, t);
        jdbc.update("UPDATE external_id_map m SET core_id = x.survivor FROM " + recordset
                + " WHERE m.core_id = x.merged AND m.tenant_id = ?", pairsJson, t);
        jdbc.update("""
                INSERT INTO match_keys (tenant_id, entity_type, key_hash, core_id, run_id)
                SELECT k.tenant_id, k.entity_type, k.key_hash, x.survivor, ?
                  FROM match_keys k JOIN\s""" + recordset + """
                 ON k.core_id = x.merged WHERE k.tenant_id = ? ON CONFLICT DO NOTHING""", origin.runId(), pairsJson, t);
        jdbc.update("DELETE FROM match_keys k USING " + recordset + " WHERE k.core_id = x.merged AND k.tenant_id = ?",
                pairsJson, t);
        Map<UUID, Long> ids2 = new HashMap<>();
        jdbc.query("SELECT merged_id, id FROM merge_log WHERE tenant_id = ? AND merged_id = ANY(?) AND undone_at IS NULL",
                rs -> {
                    ids2.put(rs.getObject(1, UUID.class), rs.getLong(2));
                }, t, merges.stream().map(Planned::mergedId).toArray(UUID[]::new));
        return ids2;
    }

    /**
     * Restores both records of a merge exactly as they were before it: every column, the
     * external ids and the blocking keys. The caller has checked no later merge depends on it.
     */
    public void undo(UUID tenantId, long mergeId, String actor) {
        String before = jdbc.queryForObject("SELECT before_images::text FROM merge_log WHERE tenant_id = ? AND id = ?",
                String.class, tenantId, mergeId);
        ObjectNode images = (ObjectNode) read(before);
        for (String side : List.of("survivor", "merged")) {
            jdbc.update("""
                    UPDATE core_records c SET attributes = r.attributes, content_hash = r.content_hash,
                           consent_state = r.consent_state, merged_into = r.merged_into, updated_at = r.updated_at,
                           x_pipeline_id = r.x_pipeline_id, x_run_id = r.x_run_id, x_source_file = r.x_source_file,
                           x_row_number = r.x_row_number, x_ingested_at = r.x_ingested_at
                      FROM jsonb_populate_record(NULL::core_records, ?::jsonb) r
                     WHERE c.id = r.id AND c.tenant_id = ?""", images.get(side).toString(), tenantId);
        }
        UUID survivor = UUID.fromString(images.get("survivor").get("id").asText());
        UUID merged = UUID.fromString(images.get("merged").get("id").asText());
        String entity = images.get("survivor").get("entity_type").asText();
        jdbc.update("""
                UPDATE external_id_map m SET core_id = (e ->> 'core_id')::uuid
                  FROM jsonb_array_elements(?::jsonb) e
                 WHERE m.tenant_id = ? AND m.entity_type = ? AND m.external_system = e ->> 'system'
                   AND m.external_id = e ->> 'id'""", images.get("externalIds").toString(), tenantId, entity);
        jdbc.update("""
                DELETE FROM match_keys k USING jsonb_array_elements(?::jsonb) e
                 WHERE k.tenant_id = ? AND k.entity_type = ? AND k.core_id = ? AND (e ->> 'hash') IS NOT NULL
                   AND k.key_hash = (e ->> 'hash')::bigint""", images.get("addedKeys").toString(), tenantId, entity, survivor);
        jdbc.update("""
                INSERT INTO match_keys (tenant_id, entity_type, key_hash, core_id, run_id)
                SELECT ?, ?, (e ->> 'hash')::bigint, (e ->> 'core_id')::uuid, (e ->> 'run_id')::uuid
                  FROM jsonb_array_elements(?::jsonb) e WHERE (e ->> 'hash') IS NOT NULL ON CONFLICT DO NOTHING""",
                tenantId, entity, images.get("matchKeys").toString());
        jdbc.update("UPDATE merge_log SET undone_at = now(), undone_by = ? WHERE tenant_id = ? AND id = ?",
                actor, tenantId, mergeId);
        for (UUID id : List.of(survivor, merged)) {
            jdbc.update("""
                    INSERT INTO change_log (tenant_id, run_id, core_id, operation, before, after)
                    SELECT ?, NULL, ?, 'unmerge', NULL, jsonb_build_object('merge_id', ?::bigint)""", tenantId, id, mergeId);
        }
    }

    private Survivorship.Source source(ObjectNode row) {
        Map<String, Object> attributes = json.convertValue(personal.openTree(row.get("attributes").deepCopy()), MAP);
        String ingested = row.path("x_ingested_at").asText(null);
        // A record no pipeline wrote (created or edited through the API) counts as a manual edit.
        boolean manual = row.path("x_pipeline_id").isNull() || row.path("x_pipeline_id").isMissingNode();
        return new Survivorship.Source(attributes, manual, ingested == null ? null : OffsetDateTime.parse(ingested),
                row.path("consent_state").asText(null));
    }

    private com.fasterxml.jackson.databind.JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored JSON cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Features cannot be written as JSON", e);
        }
    }

    /** Merged attributes are opened and sealed again here (crypto.PersonalData; docs/operations.md "Encryption"). */
    private org.tenantio.importer.crypto.PersonalData personal;

    @org.springframework.beans.factory.annotation.Autowired
    void personalData(org.tenantio.importer.crypto.PersonalData personal) {
        this.personal = personal;
    }
}
