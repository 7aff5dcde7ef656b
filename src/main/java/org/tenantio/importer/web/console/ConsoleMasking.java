package org.tenantio.importer.web.console;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.springframework.stereotype.Component;
import org.tenantio.importer.identity.RecordQueries.CoreRecord;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.web.PersonDataAdvice;
import org.tenantio.importer.web.PersonDataMasking;

/**
 * The API's one masking step for what the console renders as HTML: the response advice masks JSON
 * bodies on their way out, which pages never are, so a page passes its person data through here,
 * with the same policy (role and field grants), before the template sees it.
 */
@Component
class ConsoleMasking {

    static final String MASK = PersonDataMasking.MASK;

    private final PersonDataAdvice advice;
    private final ObjectMapper json;

    ConsoleMasking(PersonDataAdvice advice, ObjectMapper json) {
        this.advice = advice;
        this.json = json;
    }

    static boolean applies(Caller caller) {
        return !caller.isAdmin();
    }

    <T> T mask(Caller caller, T value, Class<T> type) {
        if (value == null || !applies(caller)) {
            return value;
        }
        try {
            return json.treeToValue(PersonDataMasking.mask(json.valueToTree(value), advice.policy(caller)), type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a masked view could not be rebuilt", e);
        }
    }

    Page<CoreRecord> mask(Caller caller, Page<CoreRecord> page) {
        if (!applies(caller)) {
            return page;
        }
        List<CoreRecord> items = page.items().stream().map(r -> mask(caller, r, CoreRecord.class)).toList();
        return new Page<>(items, page.total(), page.limit(), page.offset(), page.next());
    }
}
