package org.tenantio.importer.run;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * This process among the instances sharing the database: the owner name its run claims carry.
 * New on every start, so a restarted process never mistakes its predecessor's runs for its own.
 */
@Component
public class ServiceInstance {

    private final String id;

    public ServiceInstance(RunLeaseProperties properties) {
        String base = properties.instanceId() == null || properties.instanceId().isBlank() ? host() : properties.instanceId();
        this.id = base + ":" + ProcessHandle.current().pid() + ":" + UUID.randomUUID().toString().substring(0, 8);
    }

    public String id() {
        return id;
    }

    private static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "instance";
        }
    }
}
