package org.tenantio.importer.privacy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import org.apache.camel.CamelContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.crypto.FieldKeys;
import org.tenantio.importer.crypto.Reencryption;
import org.tenantio.importer.run.ServiceInstance;
import org.tenantio.importer.system.Refusal;
import org.tenantio.importer.system.TenantScope;

/**
 * Key rotation (POST /api/v1/admin/keys/rotate): a new data key becomes current at once, and the
 * values sealed under older keys are re-sealed in the background, table by table in batches, on a
 * Camel-managed thread. A rotation is held by one instance at a time (owner and heartbeat in
 * key_rotations); it ends when a whole pass finds no value under an older key. A pass that still
 * finds some (rows an import held, or wrote while the pass ran) leaves the rotation to the next
 * tick of any instance, which also takes over a rotation whose instance stopped.
 */
@Component
public class KeyRotations {

    private static final Logger log = LoggerFactory.getLogger(KeyRotations.class);
    private static final int STALE_SECONDS = 60;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final FieldKeys keys;
    private final Reencryption reencryption;
    private final AuditLog audit;
    private final ServiceInstance instance;
    private final ObjectMapper json;
    private final ExecutorService worker;
    private final int batchSize;

    public KeyRotations(JdbcTemplate jdbc, TransactionTemplate tx, FieldKeys keys, Reencryption reencryption,
                        AuditLog audit, ServiceInstance instance, ObjectMapper json, CamelContext camel,
                        @Value("${importer.encryption.rotation-batch-size:500}") int batchSize) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.keys = keys;
        this.reencryption = reencryption;
        this.audit = audit;
        this.instance = instance;
        this.json = json;
        this.batchSize = batchSize;
        this.worker = camel.getExecutorServiceManager().newSingleThreadExecutor(this, "key-rotation");
    }

    /** A rotation as the API shows it. */
    public record Rotation(UUID id, int keyId, String status, String requestedBy, Map<String, Object> progress,
                           int passes, String error, OffsetDateTime startedAt, OffsetDateTime finishedAt) {
    }

    /** Makes a new key current and starts re-sealing; 409 while another rotation is running. */
    public Rotation rotate(String actor, String role, String requestId) {
        UUID id = UUID.randomUUID();
        int keyId;
        try {
            keyId = TenantScope.asSystem(() -> tx.execute(status -> {
                Integer running = jdbc.queryForObject("SELECT count(*) FROM key_rotations WHERE status = 'running'", Integer.class);
                if (running != null && running > 0) {
                    throw new Refusal(409, "rotation_running", "A key rotation is still re-encrypting; wait until it has completed");
                }
                int created = keys.createCurrentKey();
                jdbc.update("INSERT INTO key_rotations (id, key_id, status, requested_by) VALUES (?, ?, 'running', ?)",
                        id, created, actor);
                audit.record(new AuditEvent(null, actor, role, "encryption_key.rotated", "encryption_key",
                        String.valueOf(created), null, Map.of("rotation", id.toString(), "keyId", created), requestId));
                return created;
            }));
        } catch (DuplicateKeyException raced) {
            throw new Refusal(409, "rotation_running", "Another key rotation started at the same moment");
        }
        log.info("Encryption key {} is current; re-encrypting older values in the background (rotation {})", keyId, id);
        worker.submit(() -> work(id));
        return find(id).orElseThrow();
    }

    public Optional<Rotation> find(UUID id) {
        return TenantScope.asSystem(() -> jdbc.query("""
                SELECT id, key_id, status, requested_by, progress::text, passes, error, started_at, finished_at
                  FROM key_rotations WHERE id = ?""", (rs, n) -> new Rotation(rs.getObject(1, UUID.class), rs.getInt(2),
                rs.getString(3), rs.getString(4), read(rs.getString(5)), rs.getInt(6), rs.getString(7),
                rs.getObject(8, OffsetDateTime.class), rs.getObject(9, OffsetDateTime.class)), id).stream().findFirst());
    }

    /** Every few seconds: a running rotation nobody holds (left for another pass, or its instance stopped) is taken up. */
    @Scheduled(fixedDelayString = "${importer.encryption.rotation-tick:PT10S}", initialDelayString = "PT10S")
    void resume() {
        List<UUID> waiting = TenantScope.asSystem(() -> jdbc.queryForList("""
                SELECT id FROM key_rotations WHERE status = 'running'
                   AND (owner IS NULL OR heartbeat_at < now() - make_interval(secs => ?))""", UUID.class, STALE_SECONDS));
        waiting.forEach(id -> worker.submit(() -> work(id)));
    }

    /** One attempt: a full pass over every table; completes the rotation when nothing under an older key remains. */
    void work(UUID id) {
        TenantScope.asSystem(() -> {
            if (!claim(id)) {
                return null;
            }
            try {
                pass(id);
            } catch (RuntimeException e) {
                log.error("Key rotation {} failed: {}", id, e.getMessage());
                jdbc.update("UPDATE key_rotations SET status = 'failed', error = ?, finished_at = now(), owner = NULL WHERE id = ?",
                        "re-encryption failed: " + e.getClass().getSimpleName(), id);
            }
            return null;
        });
    }

    private boolean claim(UUID id) {
        return jdbc.update("""
                UPDATE key_rotations SET owner = ?, heartbeat_at = now(), passes = passes + 1
                 WHERE id = ? AND status = 'running'
                   AND (owner IS NULL OR owner = ? OR heartbeat_at < now() - make_interval(secs => ?))""",
                instance.id(), id, instance.id(), STALE_SECONDS) == 1;
    }

    private void pass(UUID id) {
        Rotation r = find(id).orElseThrow();
        Map<String, Object> progress = new LinkedHashMap<>(r.progress());
        for (String table : Reencryption.tables()) {
            long done = progress.get(table) instanceof Number n ? n.longValue() : 0;
            List<Object> after = null;
            while (true) {
                Reencryption.Batch b = reencryption.batch(table, r.keyId(), after, batchSize);
                if (b.last() == null) {
                    break;
                }
                done += b.resealed();
                after = b.last();
                progress.put(table, done);
                jdbc.update("UPDATE key_rotations SET progress = ?::jsonb, heartbeat_at = now() WHERE id = ? AND owner = ?",
                        write(progress), id, instance.id());
            }
            progress.put(table, done);
        }
        long remaining = Reencryption.tables().stream().mapToLong(t -> reencryption.remaining(t, r.keyId())).sum();
        progress.put("remaining", remaining);
        if (remaining == 0) {
            jdbc.update("""
                    UPDATE key_rotations SET status = 'completed', progress = ?::jsonb, finished_at = now(), owner = NULL
                     WHERE id = ? AND owner = ?""", write(progress), id, instance.id());
            log.info("Key rotation {} completed: every sealed value is under key {}", id, r.keyId());
        } else {
            jdbc.update("UPDATE key_rotations SET progress = ?::jsonb, owner = NULL WHERE id = ? AND owner = ?",
                    write(progress), id, instance.id());
        }
    }

    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() { });
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rotation progress cannot be read", e);
        }
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Rotation progress cannot be written", e);
        }
    }
}
