package org.tenantio.importer.web.console;

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

    private final PersonDataAdvice advice;
    private final PersonDataMasking masking;

    ConsoleMasking(PersonDataAdvice advice, PersonDataMasking masking) {
        this.advice = advice;
        this.masking = masking;
    }

    static boolean applies(Caller caller) {
        return !caller.isAdmin();
    }

    <T> T mask(Caller caller, T value, Class<T> type) {
        return applies(caller) ? masking.masked(value, type, advice.policy(caller)) : value;
    }

    Page<CoreRecord> mask(Caller caller, Page<CoreRecord> page) {
        if (!applies(caller)) {
            return page;
        }
        PersonDataMasking.Policy policy = advice.policy(caller);
        List<CoreRecord> items = page.items().stream().map(r -> masking.masked(r, CoreRecord.class, policy)).toList();
        return new Page<>(items, page.total(), page.limit(), page.offset(), page.next());
    }
}
