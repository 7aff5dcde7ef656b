package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;

/** XFLD-301: attended needs hours (0 or more), not attended allows none or 0; both normalised. */
class AttendanceHoursRuleTest {

    final RowValidator validator = new RowValidator(List.of(new AttendanceHoursRule()));

    private RowState validate(String attended, String hours) {
        Map<String, String> fields = new HashMap<>();
        fields.put("attended", attended);
        fields.put("hours", hours);
        fields.values().removeIf(java.util.Objects::isNull);
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().putAll(fields);
        validator.validate(new RowChunk(RowRulesTest.context("GB"), List.of(row), 0, 0));
        return row;
    }

    private static List<String> codes(RowState row) {
        return row.violations().stream().map(Violation::ruleCode).toList();
    }

    @Test
    void attendedWithHoursIsQuietAndBothAreNormalised() {
        RowState row = validate("Yes", " 2.50 ");

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("attended", "true").containsEntry("hours", "2.5");
        assertThat(validate("Y", "3.0").fields()).containsEntry("attended", "true").containsEntry("hours", "3");
        assertThat(validate("TRUE", "100").fields()).containsEntry("hours", "100");
        assertThat(codes(validate("1", "0"))).isEmpty();
    }

    @Test
    void notAttendedWithoutHoursOrWithZeroIsQuiet() {
        RowState none = validate("no", null);
        RowState zero = validate("False", "0.0");

        assertThat(none.violations()).isEmpty();
        assertThat(none.fields()).containsEntry("attended", "false").doesNotContainKey("hours");
        assertThat(zero.violations()).isEmpty();
        assertThat(zero.fields()).containsEntry("attended", "false").containsEntry("hours", "0");
        assertThat(codes(validate("n", null))).isEmpty();
        assertThat(codes(validate("0", null))).isEmpty();
    }

    @Test
    void attendedWithoutHoursFires() {
        RowState row = validate("yes", null);

        assertThat(codes(row)).containsExactly("XFLD-301");
        assertThat(row.violations().get(0).field()).isEqualTo("hours");
        assertThat(row.violations().get(0).message()).contains("missing");
        assertThat(row.violations().get(0).hint()).isNotBlank();
    }

    @Test
    void attendedWithNegativeOrNonNumericHoursFires() {
        assertThat(codes(validate("true", "-1"))).containsExactly("XFLD-301");
        assertThat(codes(validate("true", "lots"))).containsExactly("XFLD-301");
        assertThat(codes(validate("true", "1e3"))).as("no exponents").containsExactly("XFLD-301");
        assertThat(validate("true", "lots").violations().get(0).value()).isEqualTo("lots");
    }

    @Test
    void notAttendedWithHoursFires() {
        RowState row = validate("N", "2");

        assertThat(codes(row)).containsExactly("XFLD-301");
        assertThat(row.violations().get(0).field()).isEqualTo("hours");
        assertThat(row.violations().get(0).message()).isEqualTo("Attended is false but hours are given");
        assertThat(codes(validate("no", "none"))).containsExactly("XFLD-301");
    }

    @Test
    void anAttendedValueThatIsNotYesOrNoFires() {
        RowState row = validate("maybe", "2");

        assertThat(codes(row)).containsExactly("XFLD-301");
        assertThat(row.violations().get(0).field()).isEqualTo("attended");
        assertThat(row.fields()).containsEntry("attended", "maybe");
    }

    @Test
    void rowsWithoutAttendedAreLeftAlone() {
        RowState row = validate(null, "2.0");

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("hours", "2.0");
    }
}
