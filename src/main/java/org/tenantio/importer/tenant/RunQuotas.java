package org.tenantio.importer.tenant;

import org.tenantio.importer.tenant.QuotaExceeded;
import org.tenantio.importer.tenant.QuotaProperties;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Per-tenant run quotas: runs per UTC day and month, concurrent runs, file size. A run's slot is
 * checked and taken by one conditional UPDATE of the tenant's row, so concurrent requests queue on
 * that row and never overshoot. Slots of finished or never-created runs are cleaned first.
 */
@Component
public class RunQuotas {

    private static final String ACTIVE = "('queued', 'validating', 'running')";
    static final long CONCURRENT_RETRY_SECONDS = 30;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;
    private final QuotaProperties defaults;
    private final ApplicationEventPublisher events;

    public RunQuotas(JdbcTemplate jdbc, TransactionTemplate tx, Clock clock, QuotaProperties defaults,
            ApplicationEventPublisher events) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        this.defaults = defaults;
        this.events = events;
    }

    /** A tenant's limits and what is used of them now. */
    public Quota of(UUID tenantId) {
        ensureRow(tenantId);
        LocalDate today = today();
        return jdbc.queryForObject("""
                SELECT runs_per_day, runs_per_month, max_concurrent, max_file_bytes, requests_per_minute,
                       CASE WHEN day = ? THEN runs_today ELSE 0 END,
                       CASE WHEN month = ? THEN runs_this_month ELSE 0 END, running
                  FROM tenant_quotas WHERE tenant_id = ?""",
                (rs, i) -> new Quota(rs.getInt(1), rs.getInt(2), rs.getInt(3), rs.getLong(4), (Integer) rs.getObject(5),
                        rs.getInt(6), rs.getInt(7), rs.getInt(8)),
                today, today.withDayOfMonth(1), tenantId);
    }

    /** Sets the limits (the counters stay); returns the quota as it was before. */
    public Quota update(UUID tenantId, Limits limits) {
        Quota before = of(tenantId);
        jdbc.update("""
                UPDATE tenant_quotas SET runs_per_day = ?, runs_per_month = ?, max_concurrent = ?, max_file_bytes = ?,
                       requests_per_minute = ?, updated_at = now()
                 WHERE tenant_id = ?""",
                limits.runsPerDay(), limits.runsPerMonth(), limits.maxConcurrent(), limits.maxFileBytes(),
                limits.requestsPerMinute(), tenantId);
        return before;
    }

    /**
     * Takes a slot for a run of {@code declaredBytes} (-1: unknown yet), or throws
     * {@link QuotaExceeded} naming the limit that stops it.
     */
    public Reservation reserve(UUID tenantId, long declaredBytes) {
        ensureRow(tenantId);
        LocalDate today = today();
        LocalDate month = today.withDayOfMonth(1);
        Reservation reservation = tx.execute(status -> {
            cleanStale(tenantId);
            List<Long> taken = jdbc.queryForList("""
                    UPDATE tenant_quotas
                       SET runs_today = CASE WHEN day = ? THEN runs_today ELSE 0 END + 1, day = ?,
                           runs_this_month = CASE WHEN month = ? THEN runs_this_month ELSE 0 END + 1, month = ?,
                           running = running + 1, updated_at = now()
                     WHERE tenant_id = ?
                       AND CASE WHEN day = ? THEN runs_today ELSE 0 END < runs_per_day
                       AND CASE WHEN month = ? THEN runs_this_month ELSE 0 END < runs_per_month
                       AND running < max_concurrent
                       AND ? <= max_file_bytes
                    RETURNING max_file_bytes""",
                    Long.class, today, today, month, month, tenantId, today, month, declaredBytes);
            if (taken.isEmpty()) {
                return null;
            }
            UUID id = UUID.randomUUID();
            jdbc.update("INSERT INTO quota_reservations (id, tenant_id, day) VALUES (?, ?, ?)", id, tenantId, today);
            return new Reservation(id, tenantId, taken.get(0));
        });
        if (reservation == null) {
            QuotaExceeded refused = exceeded(of(tenantId), declaredBytes);
            events.publishEvent(new QuotaRefused(tenantId, refused.limit()));
            throw refused;
        }
        return reservation;
    }

    /** The run now exists: its slot lives until the run finishes. */
    public void attach(Reservation reservation, UUID runId) {
        jdbc.update("UPDATE quota_reservations SET run_id = ? WHERE id = ? AND tenant_id = ?",
                runId, reservation.id(), reservation.tenantId());
    }

    /** Intake gave up before a run existed: the slot and the day's and month's count are given back. */
    public void cancel(Reservation reservation) {
        jdbc.update("""
                WITH gone AS (DELETE FROM quota_reservations WHERE id = ? AND tenant_id = ? AND run_id IS NULL RETURNING day)
                UPDATE tenant_quotas q
                   SET running = GREATEST(q.running - 1, 0),
                       runs_today = GREATEST(q.runs_today - CASE WHEN q.day = gone.day THEN 1 ELSE 0 END, 0),
                       runs_this_month = GREATEST(q.runs_this_month
                           - CASE WHEN q.month = date_trunc('month', gone.day)::date THEN 1 ELSE 0 END, 0)
                  FROM gone WHERE q.tenant_id = ?""",
                reservation.id(), reservation.tenantId(), reservation.tenantId());
    }

    /** Work with no run row (a duplicate scan) has finished: its concurrent slot is free again, the day and month stay counted. */
    public void finish(Reservation reservation) {
        jdbc.update("""
                WITH gone AS (DELETE FROM quota_reservations WHERE id = ? AND tenant_id = ? RETURNING tenant_id)
                UPDATE tenant_quotas q SET running = GREATEST(q.running - (SELECT count(*) FROM gone), 0)
                 WHERE q.tenant_id = ? AND EXISTS (SELECT 1 FROM gone)""",
                reservation.id(), reservation.tenantId(), reservation.tenantId());
    }

    /** The run has finished: its concurrent slot is free again (runs per day and month stay counted). */
    public void release(UUID tenantId, UUID runId) {
        jdbc.update("""
                WITH gone AS (DELETE FROM quota_reservations WHERE run_id = ? AND tenant_id = ? RETURNING tenant_id)
                UPDATE tenant_quotas q SET running = GREATEST(q.running - (SELECT count(*) FROM gone), 0)
                 WHERE q.tenant_id = ? AND EXISTS (SELECT 1 FROM gone)""",
                runId, tenantId, tenantId);
    }

    /** Slots whose run finished without releasing (a crash), or that never got a run within the grace period. */
    private void cleanStale(UUID tenantId) {
        jdbc.update("""
                WITH stale AS (
                    DELETE FROM quota_reservations q
                     WHERE q.tenant_id = ?
                       AND CASE WHEN q.run_id IS NULL THEN q.created_at < now() - make_interval(secs => ?)
                                ELSE NOT EXISTS (SELECT 1 FROM runs r WHERE r.tenant_id = q.tenant_id AND r.id = q.run_id
                                                                        AND r.status IN %s) END
                    RETURNING 1)
                UPDATE tenant_quotas SET running = GREATEST(running - (SELECT count(*) FROM stale), 0)
                 WHERE tenant_id = ? AND EXISTS (SELECT 1 FROM stale)""".formatted(ACTIVE),
                tenantId, (double) defaults.pendingGrace().toSeconds(), tenantId);
    }

    private void ensureRow(UUID tenantId) {
        LocalDate today = today();
        jdbc.update("""
                INSERT INTO tenant_quotas (tenant_id, runs_per_day, runs_per_month, max_concurrent, max_file_bytes, day, month)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (tenant_id) DO NOTHING""",
                tenantId, defaults.runsPerDay(), defaults.runsPerMonth(), defaults.maxConcurrent(), defaults.maxFileBytes(),
                today, today.withDayOfMonth(1));
    }

    private QuotaExceeded exceeded(Quota q, long declaredBytes) {
        if (declaredBytes > q.maxFileBytes()) {
            return fileTooLarge(q.maxFileBytes());
        }
        long now = clock.instant().getEpochSecond();
        if (q.runsToday() >= q.runsPerDay()) {
            long nextDay = today().plusDays(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            return new QuotaExceeded("runs_per_day", q.runsPerDay(), "The tenant's quota of " + q.runsPerDay()
                    + " runs per day is used up", nextDay - now);
        }
        if (q.runsThisMonth() >= q.runsPerMonth()) {
            long nextMonth = today().withDayOfMonth(1).plusMonths(1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            return new QuotaExceeded("runs_per_month", q.runsPerMonth(), "The tenant's quota of " + q.runsPerMonth()
                    + " runs per month is used up", nextMonth - now);
        }
        // When a running run ends is not known: a client is told to look again shortly.
        return new QuotaExceeded("max_concurrent", q.maxConcurrent(), "The tenant already has " + q.maxConcurrent()
                + " run(s) in progress, its quota of concurrent runs", CONCURRENT_RETRY_SECONDS);
    }

    /** The file is larger than the tenant may send. */
    public static QuotaExceeded fileTooLarge(long maxFileBytes) {
        return new QuotaExceeded("max_file_bytes", maxFileBytes, "The file is larger than the tenant's quota of "
                + maxFileBytes + " bytes per file", null);
    }

    private LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC);
    }

    /** A slot taken for one run, and the largest file the tenant may send. */
    public record Reservation(UUID id, UUID tenantId, long maxFileBytes) {
    }

    /** The limits an operator sets; requestsPerMinute null means the service default. */
    public record Limits(int runsPerDay, int runsPerMonth, int maxConcurrent, long maxFileBytes, Integer requestsPerMinute) {
    }

    /** Limits and current use. */
    public record Quota(int runsPerDay, int runsPerMonth, int maxConcurrent, long maxFileBytes, Integer requestsPerMinute,
                        int runsToday, int runsThisMonth, int running) {

        public Limits limits() {
            return new Limits(runsPerDay, runsPerMonth, maxConcurrent, maxFileBytes, requestsPerMinute);
        }

        public Map<String, Object> usage() {
            return Map.of("runsToday", runsToday, "runsThisMonth", runsThisMonth, "running", running);
        }
    }
}
