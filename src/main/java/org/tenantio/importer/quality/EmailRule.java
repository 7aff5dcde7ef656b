package org.tenantio.importer.quality;

import java.util.Locale;
import org.apache.commons.validator.routines.EmailValidator;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.run.RowState;
import org.tenantio.importer.run.RunContext;

/** FMT-101: an email, lower-cased and trimmed, must be a well-formed address. */
@Component
@Order(20)
public class EmailRule implements RowRule {

    private final EmailValidator validator = EmailValidator.getInstance(false, false);

    @Override
    public void check(RowState row, RunContext context) {
        String email = row.fields().get(PersonFields.EMAIL);
        if (email == null) {
            return;
        }
        String normalised = email.strip().toLowerCase(Locale.ROOT);
        row.fields().put(PersonFields.EMAIL, normalised);
        if (!validator.isValid(normalised)) {
            row.violations().add(Violation.error("FMT-101", PersonFields.EMAIL, email,
                    "Email address is not well formed",
                    "Use the form name@example.org, without spaces or a trailing dot"));
        }
    }
}
