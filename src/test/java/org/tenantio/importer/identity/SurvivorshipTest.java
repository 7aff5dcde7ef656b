package org.tenantio.importer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.identity.Survivorship.Side;
import org.tenantio.importer.identity.Survivorship.Source;

class SurvivorshipTest {

    private static final OffsetDateTime OLD = OffsetDateTime.parse("2025-01-01T00:00:00Z");
    private static final OffsetDateTime NEW = OffsetDateTime.parse("2026-01-01T00:00:00Z");

    private static Source source(boolean manual, OffsetDateTime verified, String consent, Object... keyValues) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            attributes.put((String) keyValues[i], keyValues[i + 1]);
        }
        return new Source(attributes, manual, verified, consent);
    }

    @Test
    void aValueBeatsNoValueAndTheMoreRecentSourceWinsOtherwise() {
        Source survivor = source(false, OLD, "unknown", "first_name", "Jon", "city", "London", "street", "");
        Source merged = source(false, NEW, "unknown", "first_name", "Jonathan", "street", "1 High Street");

        Map<String, Object> out = Survivorship.attributes(survivor, merged, Map.of());

        assertThat(out).containsEntry("first_name", "Jonathan").containsEntry("city", "London")
                .containsEntry("street", "1 High Street");
    }

    @Test
    void aManualEditBeatsAnImportAndTheSurvivorWinsATie() {
        Source manual = source(true, OLD, null, "first_name", "Jon");
        Source imported = source(false, NEW, null, "first_name", "Jonathan", "last_name", "Smith");

        assertThat(Survivorship.attributes(manual, imported, Map.of())).containsEntry("first_name", "Jon");
        assertThat(Survivorship.attributes(imported, manual, Map.of())).containsEntry("first_name", "Jon");
        assertThat(Survivorship.attributes(source(false, null, null, "a", "1"), source(false, null, null, "a", "2"), Map.of()))
                .containsEntry("a", "1");
    }

    @Test
    void aStewardsChoiceWinsWhereTheChosenSideHasAValue() {
        Source survivor = source(false, NEW, null, "first_name", "Jon", "city", "London");
        Source merged = source(false, OLD, null, "first_name", "Jonathan");

        Map<String, Object> out = Survivorship.attributes(survivor, merged, Map.of("first_name", Side.MERGED,
                "city", Side.MERGED));

        assertThat(out).containsEntry("first_name", "Jonathan").containsEntry("city", "London");
    }

    @Test
    void emailsAndPhonesAreKeptAsListsWithThePrimaryFirst() {
        Source survivor = source(false, OLD, null, "email", "a@x.org", "email_match", "a@x.org", "phone", "+441",
                "emails", List.of("a@x.org", "c@x.org"));
        Source merged = source(false, NEW, null, "email", "b@x.org", "email_match", "b@x.org", "phone", "+441");

        Map<String, Object> out = Survivorship.attributes(survivor, merged, Map.of());

        assertThat(out).containsEntry("email", "b@x.org").containsEntry("email_match", "b@x.org")
                .containsEntry("emails", List.of("b@x.org", "a@x.org", "c@x.org")).doesNotContainKey("phones");
    }

    @Test
    void consentIsNeverOverwrittenByUnknown() {
        assertThat(Survivorship.consent(source(false, OLD, "granted"), source(false, NEW, "unknown"))).isEqualTo("granted");
        assertThat(Survivorship.consent(source(false, NEW, "unknown"), source(false, OLD, "withdrawn"))).isEqualTo("withdrawn");
        assertThat(Survivorship.consent(source(false, OLD, "granted"), source(false, NEW, "withdrawn"))).isEqualTo("withdrawn");
        assertThat(Survivorship.consent(source(false, NEW, "granted"), source(false, OLD, "withdrawn"))).isEqualTo("granted");
        assertThat(Survivorship.consent(source(false, NEW, null), source(false, OLD, null))).isNull();
    }
}
