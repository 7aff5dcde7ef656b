package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import com.google.i18n.phonenumbers.NumberParseException;
import com.google.i18n.phonenumbers.PhoneNumberUtil;
import com.google.i18n.phonenumbers.Phonenumber.PhoneNumber;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * FMT-102: a phone number must normalise to E.164. A national number is read in the row's
 * country when it has one, otherwise in the pipeline's default region.
 */
@Component
@Order(30)
public class PhoneRule implements RowRule {

    private final PhoneNumberUtil phones = PhoneNumberUtil.getInstance();

    @Override
    public void check(RowState row, RunContext context) {
        String phone = row.fields().get(PersonFields.PHONE);
        if (phone == null) {
            return;
        }
        String region = regionFor(row, context);
        try {
            PhoneNumber number = phones.parse(phone, region);
            if (phones.isValidNumber(number)) {
                row.fields().put(PersonFields.PHONE, phones.format(number, PhoneNumberUtil.PhoneNumberFormat.E164));
                return;
            }
        } catch (NumberParseException e) {
            // reported below, like any other number that is not valid
        }
        row.violations().add(Violation.error("FMT-102", PersonFields.PHONE, phone,
                "Phone number is not a valid number" + (region == null ? "" : " for region " + region),
                "Give the number in international form (+44 20 7946 0018) or set the row's country"));
    }

    private String regionFor(RowState row, RunContext context) {
        String country = row.fields().get(PersonFields.COUNTRY);
        if (country != null && phones.getSupportedRegions().contains(country)) {
            return country;
        }
        return context.defaultRegion();
    }
}
