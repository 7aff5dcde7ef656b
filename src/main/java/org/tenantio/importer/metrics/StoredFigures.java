package org.tenantio.importer.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.system.TenantScope;

/**
 * Meters whose truth is in the database, read when Prometheus scrapes (at most every few
 * seconds, however many scrapers): export deliveries by status, and webhook and delivery
 * failures from the append-only audit log, per tenant. Reading them from the store keeps them
 * right across instances and restarts, and needs no hook in the delivery code.
 */
@Component
public class StoredFigures {

    static final String DELIVERIES = "importer.deliveries";
    static final String WEBHOOK_FAILURES = "importer.webhook.failures";
    static final String DELIVERY_FAILURES = "importer.delivery.failures";
    private static final Duration FRESH_FOR = Duration.ofSeconds(5);

    private final JdbcTemplate jdbc;
    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();
    private volatile Instant readAt = Instant.EPOCH;

    public StoredFigures(JdbcTemplate jdbc, MeterRegistry registry, Clock clock) {
        this.jdbc = jdbc;
        this.registry = registry;
        this.clock = clock;
    }

    /** Re-reads the figures unless they were read moments ago. */
    public synchronized void refresh() {
        Instant now = clock.instant();
        if (Duration.between(readAt, now).compareTo(FRESH_FOR) < 0) {
            return;
        }
        readAt = now;
        TenantScope.asSystem(() -> {
            jdbc.query("""
                    SELECT t.code, d.status, count(*) AS n FROM run_deliveries d JOIN tenants t ON t.id = d.tenant_id
                     GROUP BY t.code, d.status""", rs -> {
                gauge(DELIVERIES, "Export deliveries, by status", rs.getString(1), rs.getString(2), rs.getLong(3));
            });
            jdbc.query("""
                    SELECT t.code, a.action, count(*) FROM audit_log a JOIN tenants t ON t.id = a.tenant_id
                     WHERE a.action IN ('webhook.failed', 'export.delivery_failed') GROUP BY t.code, a.action""", rs -> {
                String name = "webhook.failed".equals(rs.getString(2)) ? WEBHOOK_FAILURES : DELIVERY_FAILURES;
                counter(name, rs.getString(1), rs.getLong(3));
            });
            return null;
        });
    }

    private void gauge(String name, String description, String tenant, String status, long n) {
        values.computeIfAbsent(List.of(name, tenant, status), key -> {
            AtomicLong holder = new AtomicLong();
            Gauge.builder(name, holder, AtomicLong::get).description(description)
                    .tags("tenant", tenant, "status", status).register(registry);
            return holder;
        }).set(n);
    }

    private void counter(String name, String tenant, long n) {
        values.computeIfAbsent(List.of(name, tenant), key -> {
            AtomicLong holder = new AtomicLong();
            FunctionCounter.builder(name, holder, AtomicLong::get)
                    .description("Calls that gave up after their retries").tags("tenant", tenant).register(registry);
            return holder;
        }).set(n);
    }
}
