package org.tenantio.importer.intake;

import org.tenantio.importer.tenant.QuotaProperties;

import org.tenantio.importer.tenant.QuotaExceeded;

import org.tenantio.importer.tenant.RunQuotas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;
import org.tenantio.importer.support.ApiIntegrationTest;

/** The day and month windows turn at UTC midnight: counts start again, and Retry-After points there. */
class QuotaWindowsIT extends ApiIntegrationTest {

    @Autowired
    TransactionTemplate tx;
    @Autowired
    QuotaProperties defaults;

    private RunQuotas at(String instant) {
        return new RunQuotas(jdbc, tx, Clock.fixed(Instant.parse(instant), ZoneOffset.UTC), defaults, event -> { });
    }

    private static void finish(RunQuotas quotas, RunQuotas.Reservation slot, UUID tenantId) {
        UUID run = UUID.randomUUID();
        quotas.attach(slot, run);
        quotas.release(tenantId, run);
    }

    @Test
    void aNewDayStartsTheDailyCountAgainAndAFullDayNamesWhenItEnds() {
        RunQuotas evening = at("2026-03-10T23:59:00Z");
        evening.update(tenant.id(), new RunQuotas.Limits(2, 100, 10, 1L << 30, null));
        finish(evening, evening.reserve(tenant.id(), 10), tenant.id());
        finish(evening, evening.reserve(tenant.id(), 10), tenant.id());

        assertThatThrownBy(() -> evening.reserve(tenant.id(), 10)).isInstanceOfSatisfying(QuotaExceeded.class, e -> {
            assertThat(e.limit()).isEqualTo("runs_per_day");
            assertThat(e.retryAfterSeconds()).isEqualTo(60);
        });
        RunQuotas morning = at("2026-03-11T00:00:01Z");
        finish(morning, morning.reserve(tenant.id(), 10), tenant.id());
        assertThat(morning.of(tenant.id()).runsToday()).isEqualTo(1);
        assertThat(morning.of(tenant.id()).runsThisMonth()).isEqualTo(3);
        assertThat(morning.of(tenant.id()).running()).isZero();
    }

    @Test
    void aNewMonthStartsTheMonthlyCountAgain() {
        RunQuotas march = at("2026-03-31T12:00:00Z");
        march.update(tenant.id(), new RunQuotas.Limits(100, 1, 10, 1L << 30, null));
        finish(march, march.reserve(tenant.id(), -1), tenant.id());

        assertThatThrownBy(() -> march.reserve(tenant.id(), -1)).isInstanceOfSatisfying(QuotaExceeded.class,
                e -> assertThat(e.limit()).isEqualTo("runs_per_month"));
        RunQuotas april = at("2026-04-01T00:00:00Z");
        april.reserve(tenant.id(), -1);
        assertThat(april.of(tenant.id()).runsThisMonth()).isEqualTo(1);
        assertThat(april.of(tenant.id()).running()).isEqualTo(1);
    }

    @Test
    void aCancelledReservationGivesBackItsSlotAndItsCounts() {
        RunQuotas quotas = at("2026-05-05T10:00:00Z");
        quotas.update(tenant.id(), new RunQuotas.Limits(1, 1, 1, 1L << 30, null));

        quotas.cancel(quotas.reserve(tenant.id(), 5));

        assertThat(quotas.of(tenant.id()).usage()).containsEntry("runsToday", 0).containsEntry("runsThisMonth", 0)
                .containsEntry("running", 0);
        assertThat(quotas.reserve(tenant.id(), 5)).isNotNull();
    }
}
