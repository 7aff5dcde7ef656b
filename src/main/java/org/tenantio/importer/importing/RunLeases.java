package org.tenantio.importer.importing;

import org.tenantio.importer.run.RunLeaseProperties;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.ServiceInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.tenantio.importer.system.TenantScope;

/**
 * The instance's heartbeat and periodic recovery, on Spring's task scheduler: every
 * heartbeat-interval the leases of the runs this instance holds are renewed; every
 * recovery-interval runs whose owner's lease expired are taken over. Leases are not given up on
 * shutdown (the database may be going down with the process): a stopped instance's runs are
 * recovered once their lease expires.
 */
@Configuration
@EnableScheduling
public class RunLeases implements SchedulingConfigurer {

    private static final Logger log = LoggerFactory.getLogger(RunLeases.class);

    private final RunRepository runs;
    private final RunRecovery recovery;
    private final RunLeaseProperties properties;
    private final ServiceInstance instance;

    public RunLeases(RunRepository runs, RunRecovery recovery, RunLeaseProperties properties, ServiceInstance instance) {
        this.runs = runs;
        this.recovery = recovery;
        this.properties = properties;
        this.instance = instance;
    }

    @Override
    public void configureTasks(ScheduledTaskRegistrar registrar) {
        registrar.addFixedDelayTask(this::heartbeat, properties.heartbeatInterval());
        registrar.addFixedDelayTask(this::recover, properties.recoveryInterval());
        log.info("Instance {}: run leases of {}, renewed every {}, recovery every {}", instance.id(),
                properties.leaseTtl(), properties.heartbeatInterval(), properties.recoveryInterval());
    }

    void heartbeat() {
        try {
            int renewed = TenantScope.asSystem(runs::renewLeases);
            log.trace("Instance {} renewed {} run lease(s)", instance.id(), renewed);
        } catch (RuntimeException e) {
            log.warn("Renewing run leases failed: {}", e.getClass().getName());
        }
    }

    void recover() {
        try {
            recovery.recoverExpired();
        } catch (RuntimeException e) {
            log.warn("Run recovery failed: {}", e.getClass().getName());
        }
    }
}
