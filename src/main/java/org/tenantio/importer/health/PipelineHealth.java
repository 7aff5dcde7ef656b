package org.tenantio.importer.health;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.alerting.Alert;
import org.tenantio.importer.alerting.Alerts;
import org.tenantio.importer.delivery.WebhookRepository;
import org.tenantio.importer.export.ExportSchedules;
import org.tenantio.importer.pipeline.PipelineDetail;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.system.Refusal;

/**
 * A source's health in one read (issue 15 §6): last success, next scheduled run, freshness,
 * 30 days of reject and duplicate rates, the state of each destination and webhook, and the
 * alarms still open. Read-only; every query is the tenant's.
 */
@Component
public class PipelineHealth {

    public static final int DAYS = 30;

    private final PipelineRepository pipelines;
    private final SourceTrends trends;
    private final ExportSchedules schedules;
    private final Alerts alerts;
    private final WebhookRepository webhooks;
    private final RunRepository runs;
    private final JdbcTemplate jdbc;
    private final Clock clock;

    public PipelineHealth(PipelineRepository pipelines, SourceTrends trends, ExportSchedules schedules, Alerts alerts,
                          WebhookRepository webhooks, RunRepository runs, JdbcTemplate jdbc, Clock clock) {
        this.pipelines = pipelines;
        this.trends = trends;
        this.schedules = schedules;
        this.alerts = alerts;
        this.webhooks = webhooks;
        this.runs = runs;
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public record Health(String pipeline, String direction, String status, LastRun lastSuccess, LastRun lastRun,
                         String schedule, OffsetDateTime nextScheduledRun, Freshness freshness, List<SourceTrends.Day> trend,
                         List<DestinationState> destinations, List<WebhookState> webhooks, List<Alert> openAlarms) {
    }

    public record LastRun(UUID id, String status, OffsetDateTime completedAt, Map<String, Object> counts) {
    }

    /** The newest source change any completed run saw, and how old it is now. */
    public record Freshness(boolean available, OffsetDateTime newestSourceUpdatedAt, Long lagSeconds, UUID measuredByRun) {
    }

    /** A destination of the pipeline and its latest delivery; status {@code never} before the first. */
    public record DestinationState(int position, String type, String status, int attempts, String lastError,
                                   OffsetDateTime at, UUID runId) {
    }

    /** A tenant webhook; calls that succeed leave no trace, so its state is its last failure, if any. */
    public record WebhookState(UUID id, OffsetDateTime lastFailureAt, long failuresLast30Days) {
    }

    public Health of(UUID tenantId, String code) {
        PipelineDetail p = pipelines.detail(tenantId, code).orElseThrow(() -> Refusal.notFound("Pipeline"));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        OffsetDateTime next = "export".equals(p.direction())
                ? schedules.nextFire(p.id()).map(i -> i.atOffset(ZoneOffset.UTC)).orElse(null) : null;
        return new Health(p.code(), p.direction(), p.status(), lastRun(tenantId, p.id(), true), lastRun(tenantId, p.id(), false),
                next == null ? null : p.schedule(), next, freshness(tenantId, p.id()),
                trends.daily(tenantId, today.minusDays(DAYS - 1), today, p.code()), destinations(tenantId, p),
                webhookStates(tenantId), alerts.open(tenantId, p.id()));
    }

    private LastRun lastRun(UUID tenantId, UUID pipelineId, boolean successOnly) {
        List<UUID> ids = jdbc.queryForList("""
                SELECT id FROM runs WHERE tenant_id = ? AND pipeline_id = ? AND NOT dry_run
                   AND status IN ('completed', 'failed', 'rolled_back') AND (NOT ? OR status = 'completed')
                 ORDER BY completed_at DESC NULLS LAST, created_at DESC LIMIT 1""", UUID.class, tenantId, pipelineId, successOnly);
        return ids.stream().findFirst().flatMap(id -> runs.find(tenantId, id))
                .map(r -> new LastRun(r.id(), r.status().key(), r.completedAt(), r.counts())).orElse(null);
    }

    private Freshness freshness(UUID tenantId, UUID pipelineId) {
        List<Freshness> newest = jdbc.query("""
                SELECT (report #>> '{reconciliation,freshness,newestSourceUpdatedAt}')::timestamptz AS newest, id
                  FROM runs WHERE tenant_id = ? AND pipeline_id = ? AND status = 'completed' AND NOT dry_run
                   AND report #>> '{reconciliation,freshness,available}' = 'true'
                 ORDER BY newest DESC LIMIT 1""",
                (rs, i) -> {
                    OffsetDateTime at = rs.getObject(1, OffsetDateTime.class);
                    long lag = Math.max(0, Duration.between(at.toInstant(), clock.instant()).toSeconds());
                    return new Freshness(true, at, lag, rs.getObject(2, UUID.class));
                }, tenantId, pipelineId);
        return newest.isEmpty() ? new Freshness(false, null, null, null) : newest.get(0);
    }

    private List<DestinationState> destinations(UUID tenantId, PipelineDetail p) {
        List<?> defined = p.destinations() == null ? List.of() : p.destinations();
        return java.util.stream.IntStream.range(0, defined.size()).mapToObj(position -> {
            Object type = defined.get(position) instanceof Map<?, ?> d ? d.get("type") : null;
            return jdbc.query("""
                    SELECT d.kind, d.status, d.attempts, d.last_error, d.updated_at, d.run_id
                      FROM run_deliveries d JOIN runs r ON r.tenant_id = d.tenant_id AND r.id = d.run_id
                     WHERE d.tenant_id = ? AND r.pipeline_id = ? AND d.position = ?
                     ORDER BY d.updated_at DESC, d.id DESC LIMIT 1""",
                    (rs, i) -> new DestinationState(position, rs.getString(1), rs.getString(2), rs.getInt(3), rs.getString(4),
                            rs.getObject(5, OffsetDateTime.class), rs.getObject(6, UUID.class)),
                    tenantId, p.id(), position).stream().findFirst()
                    .orElse(new DestinationState(position, type == null ? null : type.toString(), "never", 0, null, null, null));
        }).toList();
    }

    private List<WebhookState> webhookStates(UUID tenantId) {
        return webhooks.list(tenantId).stream().map(h -> jdbc.queryForObject("""
                SELECT max(created_at), count(*) FILTER (WHERE created_at > now() - interval '30 days')
                  FROM audit_log WHERE tenant_id = ? AND action = 'webhook.failed' AND target_type = 'webhook' AND target_id = ?""",
                (rs, i) -> new WebhookState(h.id(), rs.getObject(1, OffsetDateTime.class), rs.getLong(2)),
                tenantId, h.id().toString())).toList();
    }
}
