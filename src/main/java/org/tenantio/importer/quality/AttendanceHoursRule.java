package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import java.math.BigDecimal;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/**
 * XFLD-301: whoever attended has hours (a number, 0 or more); whoever did not has none (or 0).
 * Normalises attended to "true"/"false" and hours to a plain number; rows without attended are left alone.
 */
@Component
@Order(34)
public class AttendanceHoursRule implements RowRule {

    private static final Set<String> YES = Set.of("true", "yes", "y", "1");
    private static final Set<String> NO = Set.of("false", "no", "n", "0");
    // Plain decimals only: an exponent such as 1e999999999 would expand to a huge plain string.
    private static final Pattern DECIMAL = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)");

    @Override
    public void check(RowState row, RunContext context) {
        String attendedValue = row.fields().get(PersonFields.ATTENDED);
        if (attendedValue == null) {
            return;
        }
        String flag = attendedValue.strip().toLowerCase(Locale.ROOT);
        if (!YES.contains(flag) && !NO.contains(flag)) {
            row.violations().add(Violation.error("XFLD-301", PersonFields.ATTENDED, attendedValue,
                    "Attended is not a yes/no value", "Use true/false, yes/no, y/n or 1/0"));
            return;
        }
        boolean attended = YES.contains(flag);
        row.fields().put(PersonFields.ATTENDED, Boolean.toString(attended));
        String hoursValue = row.fields().get(PersonFields.HOURS);
        BigDecimal hours = hoursValue == null ? null : number(hoursValue);
        if (hours != null) {
            row.fields().put(PersonFields.HOURS, hours.stripTrailingZeros().toPlainString());
        }
        if (attended && (hours == null || hours.signum() < 0)) {
            row.violations().add(Violation.error("XFLD-301", PersonFields.HOURS, hoursValue,
                    hoursValue == null ? "Attended is true but hours are missing"
                            : "Attended is true but hours are not a number of 0 or more",
                    "Give the hours attended as a number such as 2 or 1.5, or set attended to false"));
        } else if (!attended && hoursValue != null && (hours == null || hours.signum() != 0)) {
            row.violations().add(Violation.error("XFLD-301", PersonFields.HOURS, hoursValue,
                    "Attended is false but hours are given",
                    "Leave hours empty (or 0) for someone who did not attend, or set attended to true"));
        }
    }

    /** The value as a decimal number, or null when it is not one. */
    private static BigDecimal number(String value) {
        String plain = value.strip();
        return DECIMAL.matcher(plain).matches() ? new BigDecimal(plain) : null;
    }
}
