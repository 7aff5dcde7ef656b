package org.tenantio.importer.identity;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The household links identity resolution recorded (people sharing a home or a contact but not
 * a first name), read-only. Each side is shown as the record it now resolves to: a linked
 * record merged later points at its survivor.
 */
@Component
public class HouseholdLinks {

    private final JdbcTemplate jdbc;

    public HouseholdLinks(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** One link: the two records, the features they shared (names of features, no values), the run that found it. */
    public record LinkView(long id, String entityType, UUID leftId, UUID rightId, List<String> shared, UUID runId,
                           OffsetDateTime createdAt) {
    }

    public record Listing(List<LinkView> items, long total) {
    }

    /** The tenant's links, newest first; recordId narrows them to the links of one record. */
    public Listing list(UUID tenantId, UUID recordId, int limit, long offset) {
        String filter = recordId == null ? "" : " AND (COALESCE(l.merged_into, l.id) = ? OR COALESCE(r.merged_into, r.id) = ?)";
        Object[] ids = recordId == null ? new Object[] {tenantId} : new Object[] {tenantId, recordId, recordId};
        String from = """
                 FROM household_links h
                 JOIN core_records l ON l.id = h.left_id AND l.tenant_id = h.tenant_id
                 JOIN core_records r ON r.id = h.right_id AND r.tenant_id = h.tenant_id
                WHERE h.tenant_id = ?""" + filter;
        Long total = jdbc.queryForObject("SELECT count(*)" + from, Long.class, ids);
        Object[] paged = Arrays.copyOf(ids, ids.length + 2);
        paged[ids.length] = limit;
        paged[ids.length + 1] = offset;
        List<LinkView> items = jdbc.query("""
                SELECT h.id, h.entity_type, COALESCE(l.merged_into, l.id), COALESCE(r.merged_into, r.id), h.shared,
                       h.run_id, h.created_at""" + from + " ORDER BY h.id DESC LIMIT ? OFFSET ?",
                (rs, i) -> new LinkView(rs.getLong(1), rs.getString(2), rs.getObject(3, UUID.class),
                        rs.getObject(4, UUID.class), List.of((String[]) rs.getArray(5).getArray()),
                        rs.getObject(6, UUID.class), rs.getObject(7, OffsetDateTime.class)), paged);
        return new Listing(items, total == null ? 0 : total);
    }
}
