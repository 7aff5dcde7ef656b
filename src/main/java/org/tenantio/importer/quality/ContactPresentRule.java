package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** REQ-001: a person must be reachable, by email or by phone. */
@Component
@Order(10)
public class ContactPresentRule implements RowRule {

    @Override
    public void check(RowState row, RunContext context) {
        if (row.fields().get(PersonFields.EMAIL) == null && row.fields().get(PersonFields.PHONE) == null) {
            row.violations().add(Violation.error("REQ-001", PersonFields.EMAIL, null,
                    "Neither email nor phone is present",
                    "Add an email address or a phone number for this person"));
        }
    }
}
