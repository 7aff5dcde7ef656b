package org.tenantio.importer.identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** A tenant's active (not merged) records of one entity type, in id order, a batch at a time (keyset paging). */
@Component
public class ActiveRecordBatches {

    private static final TypeReference<Map<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcTemplate jdbc;
    private final ObjectMapper json;

    public ActiveRecordBatches(JdbcTemplate jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    public void forEach(UUID tenantId, String entityType, int size, Consumer<Map<UUID, Map<String, Object>>> work) {
        UUID after = new UUID(0, 0); // PostgreSQL orders uuids as unsigned bytes: this is the lowest
        while (true) {
            Map<UUID, Map<String, Object>> batch = new LinkedHashMap<>();
            UUID[] last = new UUID[1];
            jdbc.query("""
                    SELECT id, attributes::text FROM core_records
                     WHERE tenant_id = ? AND entity_type = ? AND merged_into IS NULL AND id > ? ORDER BY id LIMIT ?""",
                    rs -> {
                        last[0] = rs.getObject(1, UUID.class);
                        batch.put(last[0], read(rs.getString(2)));
                    }, tenantId, entityType, after, size);
            if (batch.isEmpty()) {
                return;
            }
            work.accept(batch);
            after = last[0];
        }
    }

    Map<String, Object> read(String text) {
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
