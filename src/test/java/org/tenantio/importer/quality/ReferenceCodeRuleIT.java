package org.tenantio.importer.quality;

import org.tenantio.importer.row.Violation;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.tenantio.importer.row.RowChunk;
import org.tenantio.importer.row.RowState;
import org.tenantio.importer.row.RunContext;
import org.tenantio.importer.support.IntegrationTest;
import org.tenantio.importer.support.TestTenants;

/** REF-401 against the real reference_codes table: per tenant and type, read once, not per row. */
@IntegrationTest
class ReferenceCodeRuleIT {

    @Autowired
    TestTenants tenants;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    ReferenceCodeRule rule;
    @Autowired
    ReferenceCodes codes;

    UUID tenant;
    UUID otherTenant;

    @BeforeEach
    void setUp() {
        tenant = tenants.create("ref").id();
        otherTenant = tenants.create("ref-other").id();
        insert(tenant, "org", "ORG-1", "Leeds branch");
        insert(tenant, "org", "ORG-2", null);
        insert(tenant, "dept", "DEPT-9", "Not an organisation");
        insert(otherTenant, "org", "ORG-3", "Someone else's");
    }

    private void insert(UUID tenantId, String type, String code, String label) {
        jdbc.update("INSERT INTO reference_codes (tenant_id, code_type, code, label) VALUES (?, ?, ?, ?)",
                tenantId, type, code, label);
    }

    private static RunContext contextOf(UUID tenantId) {
        RunContext base = RowRulesTest.context("GB");
        return new RunContext(base.runId(), tenantId, base.pipelineId(), "p", "person", base.mapping(), base.layout(),
                "GB", "f.csv", -1, false, null, false, null);
    }

    private RowState check(Map<String, String> fields) {
        RowState row = new RowState(1, List.of(), Map.of());
        row.fields().putAll(fields);
        rule.check(row, contextOf(tenant));
        return row;
    }

    @Test
    void aCodeOfTheTenantIsQuietAndTrimmed() {
        RowState row = check(Map.of("org_code", " ORG-1 "));

        assertThat(row.violations()).isEmpty();
        assertThat(row.fields()).containsEntry("org_code", "ORG-1");
        assertThat(check(Map.of("org_code", "ORG-2")).violations()).isEmpty();
    }

    @Test
    void anUnknownCodeFires() {
        RowState row = check(Map.of("org_code", "ORG-404"));

        assertThat(row.violations()).singleElement().satisfies(v -> {
            assertThat(v.ruleCode()).isEqualTo("REF-401");
            assertThat(v.field()).isEqualTo("org_code");
            assertThat(v.value()).isEqualTo("ORG-404");
            assertThat(v.message()).contains("ORG-404");
            assertThat(v.hint()).isNotBlank();
        });
        assertThat(row.quarantined()).isTrue();
    }

    @Test
    void codesOfAnotherTenantOrAnotherTypeOrCaseDoNotCount() {
        assertThat(check(Map.of("org_code", "ORG-3")).violations()).extracting(Violation::ruleCode).containsExactly("REF-401");
        assertThat(check(Map.of("org_code", "DEPT-9")).violations()).extracting(Violation::ruleCode).containsExactly("REF-401");
        assertThat(check(Map.of("org_code", "org-1")).violations()).extracting(Violation::ruleCode).containsExactly("REF-401");
    }

    @Test
    void aRowWithoutAnOrgCodeNeitherFiresNorQueries() {
        assertThat(check(Map.of("email", "a@example.org")).violations()).isEmpty();
        assertThat(codes.loads(tenant, "org")).isZero();
    }

    @Test
    void aWholeRunOfRowsReadsTheTenantsCodesOnce() {
        List<RowState> rows = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            RowState row = new RowState(i + 1, List.of(), Map.of());
            row.fields().put("org_code", i % 2 == 0 ? "ORG-1" : "ORG-404");
            rows.add(row);
        }

        new RowValidator(List.of(rule)).validate(new RowChunk(contextOf(tenant), rows, 0, 0));

        assertThat(rows.stream().filter(RowState::quarantined).count()).isEqualTo(2_500);
        assertThat(codes.loads(tenant, "org")).isEqualTo(1);
        assertThat(codes.loads(otherTenant, "org")).isZero();
    }

    @Test
    void aNewCodeIsSeenOnceTheCachedListIsSixtySecondsOld() {
        MutableClock clock = new MutableClock();
        ReferenceCodes fresh = new ReferenceCodes(jdbc, clock);
        assertThat(fresh.contains(tenant, "org", "ORG-1")).isTrue();

        insert(tenant, "org", "ORG-NEW", "Added mid-run");
        clock.advance(Duration.ofSeconds(59));
        assertThat(fresh.contains(tenant, "org", "ORG-NEW")).as("still cached").isFalse();
        assertThat(fresh.loads(tenant, "org")).isEqualTo(1);

        clock.advance(Duration.ofSeconds(1));
        assertThat(fresh.contains(tenant, "org", "ORG-NEW")).as("refreshed").isTrue();
        assertThat(fresh.loads(tenant, "org")).isEqualTo(2);
    }

    /** A clock the test moves by hand. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-22T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
