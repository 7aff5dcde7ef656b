package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.row.EntityContract;
import org.tenantio.importer.quality.EntityContracts;
import org.tenantio.importer.security.Caller;

/**
 * What a viewer key may not read in full: a contract field marked {@code sensitivity: sensitive}
 * (date of birth, social security id), a contact field (type email or phone), and the match keys
 * derived from them ({@code *_match}). Their values are replaced by {@value #MASK}.
 */
@Component
public class ViewerMasking {

    public static final String MASK = "***";
    private static final Set<String> CONTACT_TYPES = Set.of("email", "phone");

    private final EntityContracts contracts;

    public ViewerMasking(EntityContracts contracts) {
        this.contracts = contracts;
    }

    public static boolean applies(Caller caller) {
        return caller.hasAnyRole("viewer");
    }

    public Page<CoreRecord> mask(Page<CoreRecord> page, String entityType) {
        EntityContract contract = contracts.find(entityType).orElse(null);
        return new Page<>(page.items().stream().map(r -> new CoreRecord(r.id(), r.entityType(), mask(r.attributes(), contract),
                r.externalIds(), r.lineage(), r.mergedInto(), r.createdAt(), r.updatedAt())).toList(), page.total(), page.limit(),
                page.offset(), page.next());
    }

    private static Object mask(Object attributes, EntityContract contract) {
        if (!(attributes instanceof Map<?, ?> map)) {
            return attributes;
        }
        Map<Object, Object> masked = new LinkedHashMap<>(map);
        masked.replaceAll((name, value) -> value != null && hidden(String.valueOf(name), contract) ? MASK : value);
        return masked;
    }

    private static boolean hidden(String field, EntityContract contract) {
        if (field.endsWith("_match")) {
            return true;
        }
        EntityContract.Field f = contract == null ? null : contract.fields().get(field);
        // Without a contract nothing says what is safe: hide everything.
        return f == null ? contract == null : "sensitive".equals(f.sensitivity()) || CONTACT_TYPES.contains(f.type());
    }
}
