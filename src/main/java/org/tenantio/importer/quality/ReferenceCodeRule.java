package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** REF-401: an organisation code, when given, must be one of the row's tenant's 'org' reference codes. */
@Component
@Order(36)
public class ReferenceCodeRule implements RowRule {

    static final String ORG = "org";

    private final ReferenceCodes codes;

    public ReferenceCodeRule(ReferenceCodes codes) {
        this.codes = codes;
    }

    @Override
    public void check(RowState row, RunContext context) {
        String value = row.fields().get(PersonFields.ORG_CODE);
        if (value == null) {
            return;
        }
        String code = value.strip();
        row.fields().put(PersonFields.ORG_CODE, code);
        if (!codes.contains(context.tenantId(), ORG, code)) {
            row.violations().add(Violation.error("REF-401", PersonFields.ORG_CODE, value,
                    "Organisation code '" + code + "' is not one of this tenant's organisation codes",
                    "Check the code's spelling and case, or ask an administrator to add it to the reference codes"));
        }
    }
}
