package org.tenantio.importer.system;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/** UP only when Camel and every route in it are started (the database has its own indicator). */
@Component("routes")
public class RoutesHealthIndicator implements HealthIndicator {

    private final CamelContext camel;

    public RoutesHealthIndicator(CamelContext camel) {
        this.camel = camel;
    }

    @Override
    public Health health() {
        if (!camel.isStarted()) {
            return Health.down().withDetail("camel", camel.getStatus().name()).build();
        }
        if (camel.getRoutes().isEmpty()) {
            return Health.down().withDetail("routes", "none loaded").build();
        }
        Health.Builder health = Health.up();
        for (Route route : camel.getRoutes()) {
            ServiceStatus status = camel.getRouteController().getRouteStatus(route.getRouteId());
            health.withDetail(route.getRouteId(), String.valueOf(status));
            if (status != ServiceStatus.Started) {
                health.down();
            }
        }
        return health.build();
    }
}
