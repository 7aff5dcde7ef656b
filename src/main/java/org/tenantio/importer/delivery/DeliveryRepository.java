package org.tenantio.importer.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Per-destination delivery results of export runs ({@code run_deliveries}); each change is also
 * mirrored into the run's report, so a run read through the API shows its deliveries.
 */
@Component
public class DeliveryRepository {

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public DeliveryRepository(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** A pending delivery per destination; returns their ids in destination order. */
    public List<Long> createPending(UUID tenantId, UUID runId, List<Destination> destinations) {
        List<Long> ids = destinations.stream().map(d -> jdbc.queryForObject("""
                INSERT INTO run_deliveries (tenant_id, run_id, position, kind, destination, status)
                VALUES (?, ?, ?, ?, ?::jsonb, 'pending') RETURNING id""", Long.class,
                tenantId, runId, d.position(), d.kind(), toJson(d.settings()))).toList();
        mirror(tenantId, runId);
        return ids;
    }

    public void delivered(UUID tenantId, long id, int attempts, String deliveredTo) {
        UUID runId = update("""
                UPDATE run_deliveries SET status = 'delivered', attempts = attempts + ?, last_error = NULL,
                       delivered_to = ?, delivered_at = clock_timestamp(), updated_at = clock_timestamp()
                 WHERE tenant_id = ? AND id = ? RETURNING run_id""", attempts, deliveredTo, tenantId, id);
        mirror(tenantId, runId);
    }

    public void failed(UUID tenantId, long id, int attempts, String error) {
        UUID runId = update("""
                UPDATE run_deliveries SET status = 'failed', attempts = attempts + ?, last_error = ?,
                       updated_at = clock_timestamp()
                 WHERE tenant_id = ? AND id = ? RETURNING run_id""", attempts, error, tenantId, id);
        mirror(tenantId, runId);
    }

    /**
     * Claims a run's failed deliveries for another attempt (failed → delivering in one statement,
     * so two redeliver calls never send the same file twice); returns the claimed ids and positions.
     */
    public List<Claimed> claimFailed(UUID tenantId, UUID runId) {
        List<Claimed> claimed = jdbc.query("""
                UPDATE run_deliveries SET status = 'delivering', updated_at = clock_timestamp()
                 WHERE tenant_id = ? AND run_id = ? AND status = 'failed'
                RETURNING id, position, kind, destination::text""",
                (rs, i) -> new Claimed(rs.getLong(1), new Destination(rs.getInt(2), rs.getString(3), read(rs.getString(4)))),
                tenantId, runId);
        mirror(tenantId, runId);
        return claimed;
    }

    /** A delivery claimed for another attempt, to the destination as it was recorded for the run. */
    public record Claimed(long id, Destination destination) {
    }

    private UUID update(String sql, Object... args) {
        return jdbc.queryForObject(sql, UUID.class, args);
    }

    private void mirror(UUID tenantId, UUID runId) {
        jdbc.update("""
                UPDATE runs SET report = report || jsonb_build_object('deliveries', (
                    SELECT COALESCE(jsonb_agg(jsonb_strip_nulls(jsonb_build_object(
                               'position', position, 'type', kind, 'status', status, 'attempts', attempts,
                               'lastError', last_error, 'deliveredTo', delivered_to, 'deliveredAt', delivered_at))
                             ORDER BY position), '[]'::jsonb)
                      FROM run_deliveries WHERE tenant_id = ? AND run_id = ?))
                 WHERE tenant_id = ? AND id = ?""", tenantId, runId, tenantId, runId);
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> read(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored destination cannot be read", e);
        }
    }

    private String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Destination cannot be written", e);
        }
    }
}
