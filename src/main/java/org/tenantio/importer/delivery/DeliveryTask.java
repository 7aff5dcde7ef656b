package org.tenantio.importer.delivery;

import java.nio.file.Path;
import java.util.UUID;

/** One file going to one destination: what the delivery route carries. */
public record DeliveryTask(long deliveryId, UUID tenantId, String tenantCode, UUID runId, String pipelineCode,
                           Destination destination, Path file, String fileName) {
}
