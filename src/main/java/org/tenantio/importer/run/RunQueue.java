package org.tenantio.importer.run;

import java.util.UUID;
import org.apache.camel.ProducerTemplate;
import org.springframework.stereotype.Component;

/**
 * Hands a queued run to the import route. A fresh message, not the intake's own exchange,
 * so the run's fate never decides what happens to the dropped file.
 */
@Component("runQueue")
public class RunQueue {

    public static final String ENDPOINT = "seda:import-runs";
    public static final String RUN_ID = "runId";

    private final ProducerTemplate producer;

    public RunQueue(ProducerTemplate producer) {
        this.producer = producer;
    }

    public void enqueue(UUID runId) {
        producer.sendBodyAndHeader(ENDPOINT, runId.toString(), RUN_ID, runId.toString());
    }
}
