package org.tenantio.importer.export;

import java.util.UUID;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.builder.TemplatedRouteBuilder;
import org.apache.camel.component.quartz.QuartzComponent;
import org.apache.camel.component.quartz.QuartzEndpoint;
import org.quartz.Scheduler;
import org.quartz.SchedulerException;
import org.quartz.TriggerKey;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.tenantio.importer.pipeline.PipelineChanged;
import org.tenantio.importer.system.TenantScope;

/**
 * Keeps one Quartz route per active, scheduled export pipeline, made from the export-schedule
 * template: created at start-up, and added, replaced or removed when a pipeline changes.
 */
@Configuration
public class ExportSchedules {

    static final String TEMPLATE = "export-schedule";
    static final String GROUP = "exports";
    private static final Logger log = LoggerFactory.getLogger(ExportSchedules.class);

    private final CamelContext camel;
    private final ExportDefinitions definitions;
    private final Scheduler scheduler;

    public ExportSchedules(CamelContext camel, ExportDefinitions definitions, Scheduler scheduler) {
        this.camel = camel;
        this.definitions = definitions;
        this.scheduler = scheduler;
    }

    /** Camel's quartz component on Spring's scheduler: its clustered JDBC job store in our PostgreSQL. */
    @Bean("quartz")
    static QuartzComponent quartz(Scheduler scheduler) {
        QuartzComponent quartz = new QuartzComponent();
        quartz.setScheduler(scheduler);
        return quartz;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void scheduleAll() {
        // Start-up spans tenants by design; each schedule is then made in its own tenant's scope.
        for (UUID[] p : TenantScope.asSystem(definitions::scheduled)) {
            TenantScope.run(p[0], () -> sync(p[0], p[1]));
        }
    }

    @EventListener
    public void onChange(PipelineChanged changed) {
        TenantScope.run(changed.tenantId(), () -> sync(changed.tenantId(), changed.pipelineId()));
    }

    /** Brings the pipeline's schedule route in line with its stored definition. */
    public synchronized void sync(UUID tenantId, UUID pipelineId) {
        String routeId = routeId(pipelineId);
        String cron = definitions.find(tenantId, pipelineId).map(this::cronIfScheduled).orElse(null);
        Route existing = camel.getRoute(routeId);
        if (existing != null && cron != null && cron.equals(cronOf(existing))) {
            return;
        }
        try {
            if (existing != null) {
                camel.getRouteController().stopRoute(routeId);
                camel.removeRoute(routeId);
            }
            if (cron == null) {
                // A clustered job store keeps triggers when routes stop; a schedule that ends must go.
                unschedule(pipelineId);
                if (existing != null) {
                    log.info("Export schedule of pipeline {} removed", pipelineId);
                }
                return;
            }
            TemplatedRouteBuilder.builder(camel, TEMPLATE).routeId(routeId)
                    .parameter("tenantId", tenantId.toString())
                    .parameter("pipelineId", pipelineId.toString())
                    .parameter("cron", cron.trim().replaceAll("\\s+", "+"))
                    .add();
            log.info("Export schedule of pipeline {}: {}", pipelineId, cron);
        } catch (Exception e) {
            throw new IllegalStateException("Export schedule route of pipeline " + pipelineId + " cannot be changed", e);
        }
    }

    /**
     * Removes the pipeline's trigger from the clustered job store, so no instance fires it again.
     * Called from the schedule's own firing: the local route is not stopped here (that would wait
     * for the very exchange that asks), it only has no trigger left; the next sync or start-up drops it.
     */
    public void unschedule(UUID pipelineId) {
        try {
            scheduler.unscheduleJob(TriggerKey.triggerKey(pipelineId.toString(), GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz refused to remove the export schedule of pipeline " + pipelineId, e);
        }
    }

    /** Whether the clustered job store still holds the pipeline's trigger (any instance may fire it). */
    public boolean hasTrigger(UUID pipelineId) {
        try {
            return scheduler.checkExists(TriggerKey.triggerKey(pipelineId.toString(), GROUP));
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz cannot be asked about pipeline " + pipelineId, e);
        }
    }

    /** When the clustered job store fires the pipeline's schedule next (any instance), if it has one. */
    public java.util.Optional<java.time.Instant> nextFire(UUID pipelineId) {
        try {
            org.quartz.Trigger trigger = scheduler.getTrigger(TriggerKey.triggerKey(pipelineId.toString(), GROUP));
            return java.util.Optional.ofNullable(trigger == null ? null : trigger.getNextFireTime()).map(java.util.Date::toInstant);
        } catch (SchedulerException e) {
            throw new IllegalStateException("Quartz cannot be asked about pipeline " + pipelineId, e);
        }
    }

    public boolean isScheduled(UUID pipelineId) {
        return camel.getRoute(routeId(pipelineId)) != null;
    }

    private String cronIfScheduled(ExportDefinitions.Stored s) {
        try {
            ExportDefinition d = definitions.parse(s);
            return d.scheduled() ? d.schedule() : null;
        } catch (ExportDefinitionException e) {
            log.warn("Export pipeline {} is not scheduled: {}", s.code(), e.getMessage());
            return null;
        }
    }

    private static String cronOf(Route route) {
        return route.getEndpoint() instanceof QuartzEndpoint q ? q.getCron() : null;
    }

    static String routeId(UUID pipelineId) {
        return "export-schedule-" + pipelineId;
    }
}
