package org.tenantio.importer.privacy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.crypto.PersonalData;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.intake.IntakeArchive;
import org.tenantio.importer.db.TenantEntityLock;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Refusal;
import org.tenantio.importer.system.TenantScope;

/**
 * Erases a person (right to be forgotten; docs/operations.md, "Personal data"). The record and
 * every record merged into it keep their ids and an empty content; what could bring them back is
 * removed: staging and quarantine rows that hold them (their own rows, and rows that carry one of
 * their identifiers), change_log and merge_log images (marked reverted and erased, so no rollback
 * or undo restores them), match keys, duplicate suggestions, external ids, audit details that
 * quote them, the archived input files that held them (deleted, see the docs), kept export files
 * and rejected inbox files that may hold them (ErasedFiles). Their
 * identifiers live on only as keyed hashes in erased_identities, so a later import is refused.
 */
@Component
public class Erasures {

    private static final Logger log = LoggerFactory.getLogger(Erasures.class);
    private static final int MAX_REASON = 500;
    /** Raw cells that look like contact identifiers (an email, or a phone of 7+ digits), to find quarantined rows by. */
    private static final Pattern IDENTIFIER_LIKE = Pattern.compile(".*@.*|(?:\\D*\\d){7,}\\D*");
    private static final Set<String> IDENTIFYING_FIELDS = Set.of("email", "emails", "email_match", "phone", "phones");

    /** Staging rows of the tenant matching a condition and holding a cell (plain, or by its lookup hash) of a set of values. */
    private static final String ROWS_WITH_CELLS = "s.tenant_id = ? AND (%s (EXISTS (SELECT 1 FROM json_each_text(s.raw) e"
            + " WHERE lower(btrim(e.value)) = ANY (?)) OR jsonb_exists_any(s.raw::jsonb -> '#h', ?)))";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final TenantEntityLock lock;
    private final IdentifierHashes hashes;
    private final AuditLog audit;
    private final IntakeArchive archive;
    private final ObjectMapper json;
    private final PersonalData personal;
    private final ErasedFiles erasedFiles;

    public Erasures(JdbcTemplate jdbc, TransactionTemplate tx, TenantEntityLock lock, IdentifierHashes hashes,
                    AuditLog audit, IntakeArchive archive, ObjectMapper json, PersonalData personal, ErasedFiles erasedFiles) {
        this.personal = personal;
        this.erasedFiles = erasedFiles;
        this.jdbc = jdbc;
        this.tx = tx;
        this.lock = lock;
        this.hashes = hashes;
        this.audit = audit;
        this.archive = archive;
        this.json = json;
    }

    /** What an erasure removed, by kind: counts only. */
    public record Erasure(UUID recordId, List<UUID> records, Map<String, Integer> removed) {
    }

    public Erasure erase(Caller caller, String entityType, UUID recordId, String reason) {
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty() || why.length() > MAX_REASON) {
            throw new Refusal(400, "reason_required", "An erasure needs a reason of 1.." + MAX_REASON + " characters",
                    List.of(Map.of("field", "reason", "message", "why the person is erased, e.g. 'request by email 2026-11-30'")));
        }
        UUID t = caller.tenant().id();
        Map<String, Integer> removed = new LinkedHashMap<>();
        List<String> files = new ArrayList<>();
        Set<String> identifying = new LinkedHashSet<>();
        List<Path> exports = new ArrayList<>();
        List<UUID> records = tx.execute(status -> {
            List<UUID> erased = eraseInTransaction(t, entityType, recordId, removed, files, identifying);
            exports.addAll(erasedFiles.detachExports(t, entityType));
            return erased;
        });
        removed.put("audit_entries", redactAudit(t, records, identifying));
        removed.put("archived_files", deleteArchived(files));
        removed.put("export_files", erasedFiles.deleteAll(exports));
        removed.put("rejected_files", erasedFiles.deleteRejected(caller.tenant().code(), identifying));
        Map<String, Object> after = new LinkedHashMap<>();
        after.put("reason", why);
        after.put("records", records.stream().map(UUID::toString).toList());
        after.put("removed", removed);
        audit.record(new AuditEvent(t, caller.actor(), caller.role(), "record.erased", entityType, recordId.toString(),
                null, after, caller.requestId()));
        return new Erasure(recordId, records, removed);
    }

    private List<UUID> eraseInTransaction(UUID t, String entityType, UUID recordId, Map<String, Integer> removed,
                                          List<String> files, Set<String> identifying) {
        lock.acquire(t, entityType);
        List<Map<String, Object>> found = jdbc.queryForList("""
                SELECT merged_into, erased_at FROM core_records WHERE tenant_id = ? AND entity_type = ? AND id = ? FOR UPDATE""",
                t, entityType, recordId);
        if (found.isEmpty()) {
            throw new Refusal(404, "not_found", "Record not found");
        }
        if (found.get(0).get("erased_at") != null) {
            throw new Refusal(410, "record_erased", "The record has been erased already");
        }
        if (found.get(0).get("merged_into") != null) {
            throw new Refusal(409, "record_merged", "The record was merged into " + found.get(0).get("merged_into")
                    + "; erase that record (its merged records go with it)",
                    List.of(Map.of("field", "id", "survivor", found.get(0).get("merged_into").toString())));
        }
        // checked after the record: an unknown record is a 404 whatever else is running
        Integer running = jdbc.queryForObject("""
                SELECT count(*) FROM runs r JOIN pipelines p ON p.id = r.pipeline_id AND p.tenant_id = r.tenant_id
                 WHERE r.tenant_id = ? AND p.direction = 'import' AND p.target_type = ?
                   AND r.status IN ('queued', 'validating', 'running')""", Integer.class, t, entityType);
        if (running != null && running > 0) {
            throw new Refusal(409, "runs_in_progress", running + " import run(s) of " + entityType
                    + " are in progress and may hold this person; erase once they have finished");
        }
        List<UUID> ids = jdbc.queryForList("""
                WITH RECURSIVE person(id) AS (
                    SELECT ?::uuid
                    UNION SELECT c.id FROM core_records c JOIN person p ON c.merged_into = p.id WHERE c.tenant_id = ?)
                SELECT id FROM person""", UUID.class, recordId, t);
        UUID[] idArray = ids.toArray(UUID[]::new);
        Set<String> strong = new LinkedHashSet<>();
        collectIdentifiers(t, entityType, idArray, identifying, strong);
        Set<String> firstNames = new LinkedHashSet<>(jdbc.queryForList("""
                SELECT lower(btrim(attributes ->> 'first_name')) FROM core_records WHERE tenant_id = ? AND id = ANY (?)
                 AND attributes ->> 'first_name' IS NOT NULL
                UNION SELECT lower(btrim(normalized ->> 'first_name')) FROM staging_rows
                 WHERE tenant_id = ? AND record_id = ANY (?) AND normalized ->> 'first_name' IS NOT NULL""",
                String.class, t, idArray, t, idArray));

        jdbc.execute("CREATE TEMP TABLE IF NOT EXISTS erased_rows (run_id uuid, row_number bigint) ON COMMIT DROP");
        // A row of theirs: loaded into one of their records, or (quarantined, skipped) carrying one of
        // their own identifiers: an external id or email. A phone or address is shared in a household,
        // so a row that only shares one of those is theirs only if it also names one of their first names.
        Set<String> weak = new LinkedHashSet<>(identifying);
        weak.removeAll(strong);
        jdbc.update("INSERT INTO erased_rows SELECT s.run_id, s.row_number FROM staging_rows s WHERE "
                + ROWS_WITH_CELLS.formatted("s.record_id = ANY (?) OR s.record_id IS NULL AND"),
                t, idArray, strong.toArray(String[]::new), cellHashes(t, strong));
        List<Object[]> householdLike = new ArrayList<>();
        jdbc.query("SELECT s.run_id, s.row_number, s.raw::text FROM staging_rows s WHERE " + ROWS_WITH_CELLS.formatted(
                "s.record_id IS NULL AND NOT EXISTS (SELECT 1 FROM erased_rows x WHERE x.run_id = s.run_id"
                        + " AND x.row_number = s.row_number) AND"), rs -> {
            boolean named = false;
            for (java.util.Iterator<JsonNode> cells = read(personal.open(rs.getString(3))).elements(); cells.hasNext(); ) {
                named |= firstNames.contains(cells.next().asText("").strip().toLowerCase(Locale.ROOT));
            }
            if (named) {
                householdLike.add(new Object[] {rs.getObject(1), rs.getLong(2)});
            }
        }, t, weak.toArray(String[]::new), cellHashes(t, weak));
        jdbc.batchUpdate("INSERT INTO erased_rows VALUES (?, ?)", householdLike);
        files.addAll(jdbc.queryForList("""
                SELECT DISTINCT r.input_ref FROM runs r WHERE r.tenant_id = ? AND r.input_ref IS NOT NULL
                   AND r.id IN (SELECT run_id FROM erased_rows)""", String.class, t));
        removed.put("staging_rows", jdbc.update("""
                UPDATE staging_rows s SET raw = COALESCE((SELECT json_object_agg(e.key, NULL) FROM json_each(s.raw) e), '{}'::json),
                       normalized = NULL, checksum = NULL
                  FROM erased_rows x WHERE s.tenant_id = ? AND s.run_id = x.run_id AND s.row_number = x.row_number""", t));
        removed.put("quarantine_values", jdbc.update("""
                UPDATE dq_violations v SET value = NULL
                  FROM erased_rows x WHERE v.tenant_id = ? AND v.run_id = x.run_id AND v.row_number = x.row_number
                   AND v.value IS NOT NULL""", t));
        String marker = "{\"erased\": true}";
        // Marked reverted: a rollback of the run skips what it can no longer restore.
        removed.put("change_log", jdbc.update("""
                UPDATE change_log SET before = ?::jsonb, after = ?::jsonb, reverted_at = COALESCE(reverted_at, now())
                 WHERE tenant_id = ? AND core_id = ANY (?)""", marker, marker, t, idArray));
        removed.put("merge_log", jdbc.update("""
                UPDATE merge_log SET before_images = ?::jsonb, features = NULL
                 WHERE tenant_id = ? AND (survivor_id = ANY (?) OR merged_id = ANY (?))""", marker, t, idArray, idArray));
        removed.put("duplicate_suggestions", jdbc.update("""
                DELETE FROM dedupe_suggestions WHERE tenant_id = ? AND (left_id = ANY (?) OR right_id = ANY (?))""",
                t, idArray, idArray));
        removed.put("match_keys", jdbc.update("DELETE FROM match_keys WHERE tenant_id = ? AND core_id = ANY (?)", t, idArray));
        removed.put("household_links", jdbc.update("""
                DELETE FROM household_links WHERE tenant_id = ? AND (left_id = ANY (?) OR right_id = ANY (?))""",
                t, idArray, idArray));
        removed.put("external_ids", jdbc.update("DELETE FROM external_id_map WHERE tenant_id = ? AND core_id = ANY (?)",
                t, idArray));
        jdbc.update("UPDATE consent_history SET source = NULL WHERE tenant_id = ? AND record_id = ANY (?)", t, idArray);
        removed.put("records", jdbc.update("""
                UPDATE core_records SET attributes = '{}'::jsonb, content_hash = 'erased', x_source_file = NULL,
                       consent_source = NULL, erased_at = now(), updated_at = now()
                 WHERE tenant_id = ? AND id = ANY (?)""", t, idArray));
        return ids;
    }

    /**
     * The person's identifiers, as keyed hashes into erased_identities, and in clear (in memory
     * only, for this erasure) to find the rows and audit entries that quote them.
     */
    private void collectIdentifiers(UUID t, String entityType, UUID[] ids, Set<String> identifying, Set<String> strong) {
        List<String[]> keys = new ArrayList<>();
        jdbc.query("""
                SELECT external_system, external_id FROM external_id_map
                 WHERE tenant_id = ? AND core_id = ANY (?) AND external_system NOT LIKE '%#content'""", rs -> {
            identifying.add(rs.getString(2).strip().toLowerCase(Locale.ROOT));
            strong.add(rs.getString(2).strip().toLowerCase(Locale.ROOT));
            keys.add(new String[] {"external_id", hashes.externalId(t, rs.getString(1), rs.getString(2))});
        }, t, ids);
        Set<String> emails = new LinkedHashSet<>();
        Set<String> phones = new LinkedHashSet<>();
        jdbc.query("""
                SELECT attributes::text FROM core_records WHERE tenant_id = ? AND id = ANY (?)
                UNION ALL SELECT (before -> 'attributes')::text FROM change_log WHERE tenant_id = ? AND core_id = ANY (?) AND before IS NOT NULL
                UNION ALL SELECT (after -> 'attributes')::text FROM change_log WHERE tenant_id = ? AND core_id = ANY (?) AND after IS NOT NULL
                UNION ALL SELECT before_images::text FROM merge_log
                           WHERE tenant_id = ? AND (survivor_id = ANY (?) OR merged_id = ANY (?))
                UNION ALL SELECT normalized::text FROM staging_rows WHERE tenant_id = ? AND record_id = ANY (?) AND normalized IS NOT NULL""",
                rs -> {
                    String text = rs.getString(1);
                    if (text != null) {
                        walk(read(personal.open(text)), null, emails, phones);
                    }
                }, t, ids, t, ids, t, ids, t, ids, ids, t, ids);
        // rows that landed without violations are staged without their raw values (load/ChunkWriter)
        jdbc.query("SELECT raw::text FROM staging_rows WHERE tenant_id = ? AND record_id = ANY (?) AND raw IS NOT NULL", rs -> {
            read(personal.open(rs.getString(1))).fields().forEachRemaining(e -> {
                String v = e.getValue().asText("").strip();
                if (!v.isEmpty() && IDENTIFIER_LIKE.matcher(v).matches()) {
                    identifying.add(v.toLowerCase(Locale.ROOT));
                }
            });
        }, t, ids);
        emails.forEach(e -> keys.add(new String[] {"email", hashes.hash(t, "email", e)}));
        phones.forEach(p -> keys.add(new String[] {"phone", hashes.hash(t, "phone", p)}));
        emails.forEach(e -> identifying.add(e.toLowerCase(Locale.ROOT)));
        emails.forEach(e -> strong.add(e.toLowerCase(Locale.ROOT)));
        phones.forEach(p -> identifying.add(p.toLowerCase(Locale.ROOT)));
        for (String[] key : keys) {
            jdbc.update("""
                    INSERT INTO erased_identities (tenant_id, entity_type, key_type, key_hash, record_id)
                    VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""", t, entityType, key[0], key[1], ids[0]);
        }
    }

    private String[] cellHashes(UUID t, Set<String> values) {
        return values.stream().flatMap(v -> java.util.stream.Stream.of(personal.cellLookup(t, v), personal.phoneLookup(t, v)))
                .filter(java.util.Objects::nonNull).toArray(String[]::new);
    }

    /** Text leaves under email/phone-like keys, anywhere in a record image (merged lists included). */
    private static void walk(JsonNode node, String key, Set<String> emails, Set<String> phones) {
        if (node == null) {
            return;
        }
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> walk(e.getValue(), e.getKey(), emails, phones));
        } else if (node.isArray()) {
            node.forEach(n -> walk(n, key, emails, phones));
        } else if (node.isTextual() && key != null && IDENTIFYING_FIELDS.contains(key) && !node.asText().isBlank()) {
            (key.startsWith("email") ? emails : phones).add(node.asText().strip());
        }
    }

    /**
     * Audit entries that quote the person's identifiers lose their before and after details (the
     * entry itself, who did what when, stays). The application role may not change audit_log or
     * access_log, so this runs as the schema owner, for this tenant only.
     */
    private int redactAudit(UUID t, List<UUID> records, Set<String> identifying) {
        if (identifying.isEmpty()) {
            return 0;
        }
        String[] values = identifying.toArray(String[]::new);
        Integer n = TenantScope.asSystem(() -> tx.execute(status -> {
            // A query string that searched for them (access_log) loses its text the same way.
            jdbc.update("""
                    UPDATE access_log a SET query = '[redacted: erasure]'
                     WHERE a.tenant_id = ? AND EXISTS (SELECT 1 FROM unnest(?::text[]) v WHERE strpos(lower(a.query), v) > 0)""",
                    t, values);
            return jdbc.update("""
                    UPDATE audit_log a SET before = CASE WHEN a.before IS NULL THEN NULL ELSE '{"redacted": "erasure"}'::jsonb END,
                                           after = CASE WHEN a.after IS NULL THEN NULL ELSE '{"redacted": "erasure"}'::jsonb END
                     WHERE a.tenant_id = ? AND EXISTS (SELECT 1 FROM unnest(?::text[]) v
                                                        WHERE strpos(lower(COALESCE(a.before::text, '') || COALESCE(a.after::text, '')), v) > 0)""",
                    t, values);
        }));
        return n == null ? 0 : n;
    }

    /** Archived inputs that held the person are deleted whole (docs/operations.md says why not redacted). */
    private int deleteArchived(List<String> refs) {
        return erasedFiles.deleteAll(refs.stream().map(archive::resolve).toList());
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("Stored JSON cannot be read", e);
        }
    }

}
