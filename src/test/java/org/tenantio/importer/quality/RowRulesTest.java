package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.tenantio.importer.row.HeaderLayout;
import org.tenantio.importer.row.MappingDefinition;
import org.tenantio.importer.row.MappingVersion;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;

/** Each built-in rule fires on a planted bad value and stays quiet on a good one. */
class RowRulesTest {

    static final Clock TODAY = Clock.fixed(Instant.parse("2026-11-22T10:00:00Z"), ZoneOffset.UTC);
    static final RunContext GB = context("GB");

    final RowValidator validator = new RowValidator(List.of(new CountryRule(), new ContactPresentRule(), new EmailRule(DisposableEmailDomains.builtIn()),
            new PhoneRule(), new BirthDateRule(TODAY)));

    static RunContext context(String region) {
        MappingDefinition mapping = new MappingDefinition("person", "test", null, List.of(), Map.of());
        return new RunContext(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), "p", "person",
                new MappingVersion(1, "x", mapping), HeaderLayout.resolve(mapping, List.of()), region, "f.csv", -1, false, null, false, null);
    }

    private RowState validate(RunContext ctx, Map<String, String> fields) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().putAll(fields);
        validator.validate(new RowChunk(ctx, List.of(row), 0, 0));
        return row;
    }

    private static List<String> codes(RowState row) {
        return row.violations().stream().map(Violation::ruleCode).toList();
    }

    @Test
    void aCleanRowPassesAndIsNormalisedAndFingerprinted() {
        RowState row = validate(GB, Map.of("email", "  Ada@Example.ORG ", "phone", "020 7946 0018",
                "date_of_birth", "1985-12-10", "country", "gb"));

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("email", "ada@example.org").containsEntry("phone", "+442079460018")
                .containsEntry("country", "GB");
        assertThat(row.contentHash()).hasSize(64);
    }

    @Test
    void req001FiresWhenNeitherEmailNorPhoneIsPresent() {
        RowState row = validate(GB, Map.of("first_name", "Linus"));

        assertThat(codes(row)).containsExactly("REQ-001");
        assertThat(row.quarantined()).isTrue();
        assertThat(row.contentHash()).isNull();
    }

    @Test
    void fmt101FiresOnAMalformedEmailAndKeepsTheValueAsSent() {
        RowState row = validate(GB, Map.of("email", "not-an-email"));

        assertThat(codes(row)).containsExactly("FMT-101");
        assertThat(row.violations().get(0).value()).isEqualTo("not-an-email");
        assertThat(row.violations().get(0).hint()).isNotBlank();
    }

    @Test
    void fmt102FiresOnANumberThatIsNotValidInItsRegion() {
        assertThat(codes(validate(GB, Map.of("phone", "12345")))).containsExactly("FMT-102");
        assertThat(codes(validate(GB, Map.of("phone", "call me")))).containsExactly("FMT-102");
    }

    @Test
    void aNationalNumberIsReadInTheRowsCountryBeforeThePipelineDefault() {
        RowState us = validate(GB, Map.of("phone", "(201) 555-0123", "country", "US"));
        RowState noDefault = validate(context(null), Map.of("phone", "+44 20 7946 0018"));

        assertThat(us.fields().get("phone")).isEqualTo("+12015550123");
        assertThat(noDefault.fields().get("phone")).isEqualTo("+442079460018");
    }

    @Test
    void dom201FiresOnAFutureOrUnreadableDateOfBirth() {
        assertThat(codes(validate(GB, Map.of("email", "a@example.org", "date_of_birth", "2027-01-01"))))
                .containsExactly("DOM-201");
        assertThat(codes(validate(GB, Map.of("email", "a@example.org", "date_of_birth", "31/02/1990"))))
                .containsExactly("DOM-201");
        // Born today is no longer clean (age 0 is under BirthDateRule's minimum age); the 10th birthday is.
        assertThat(codes(validate(GB, Map.of("email", "a@example.org", "date_of_birth", "2016-11-22")))).isEmpty();
    }

    @Test
    void severalBrokenRulesAreAllReported() {
        RowState row = validate(GB, Map.of("email", "x@", "phone", "1", "date_of_birth", "soon"));

        assertThat(codes(row)).containsExactly("FMT-101", "FMT-102", "DOM-201");
    }

    @Test
    void theFingerprintDependsOnContentNotOnFieldOrder() {
        String a = RowValidator.fingerprint(new java.util.LinkedHashMap<>(Map.of("a", "1", "b", "2")));
        java.util.LinkedHashMap<String, String> reversed = new java.util.LinkedHashMap<>();
        reversed.put("b", "2");
        reversed.put("a", "1");

        assertThat(RowValidator.fingerprint(reversed)).isEqualTo(a);
        assertThat(RowValidator.fingerprint(Map.of("a", "1", "b", "3"))).isNotEqualTo(a);
        assertThat(RowValidator.fingerprint(Map.of("a", "12"))).isNotEqualTo(RowValidator.fingerprint(Map.of("a1", "2")));
    }

    @Test
    void rowsOfOtherEntitiesSkipThePersonRules() {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().put("name", "x");
        RunContext ctx = context("GB");
        RunContext activity = new RunContext(ctx.runId(), ctx.tenantId(), ctx.pipelineId(), "p", "activity", ctx.mapping(),
                ctx.layout(), "GB", "f", -1, false, null, false, null);

        validator.validate(new RowChunk(activity, List.of(row), 0, 0));

        assertThat(row.violations()).isEmpty();
        assertThat(row.contentHash()).isNotNull();
    }
}
