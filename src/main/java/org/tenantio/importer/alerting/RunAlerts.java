package org.tenantio.importer.alerting;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.run.RunFinished;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunStatus;
import org.tenantio.importer.run.RunView;
import org.tenantio.importer.system.TenantScope;

/**
 * Once a run's end has committed: a failed run, a partial failure (rows quarantined), each
 * leak alarm on the run and each failed delivery becomes an alert, unless the pipeline has
 * {@code alerts: off}; new (ungrouped) alerts go to every channel of the tenant through the
 * alert-delivery route.
 */
@Component
public class RunAlerts {

    public static final String ENDPOINT = "seda:alerts";

    private final RunRepository runs;
    private final PipelineRepository pipelines;
    private final Alerts alerts;
    private final AlertChannels channels;
    private final ProducerTemplate producer;
    private final String consoleUrl;

    public RunAlerts(RunRepository runs, PipelineRepository pipelines, Alerts alerts, AlertChannels channels,
                     ProducerTemplate producer, @Value("${importer.alerts.console-url:}") String consoleUrl) {
        this.runs = runs;
        this.pipelines = pipelines;
        this.alerts = alerts;
        this.channels = channels;
        this.producer = producer;
        this.consoleUrl = consoleUrl == null ? "" : consoleUrl.replaceAll("/+$", "");
    }

    @TransactionalEventListener(fallbackExecution = true)
    public void onRunFinished(RunFinished finished) {
        TenantScope.run(finished.tenantId(), () -> runs.find(finished.tenantId(), finished.runId()).ifPresent(run -> {
            Pipeline pipeline = pipelines.findById(run.tenantId(), run.pipelineId()).orElse(null);
            if (pipeline == null || isOff(pipeline.options().get("alerts"))) {
                return;
            }
            List<Alert> raised = new ArrayList<>();
            for (Fired f : fired(run, finished.status())) {
                Alert a = alerts.raise(run.tenantId(), run.pipelineId(), run.id(), f.kind(), f.severity(),
                        pipeline.code() + ": " + f.message(), link(run));
                if (a != null) {
                    raised.add(a);
                }
            }
            List<AlertChannels.Channel> targets = channels.list(run.tenantId());
            raised.forEach(a -> targets.forEach(c -> producer.sendBody(ENDPOINT,
                    new AlertNotifier.Notice(run.tenantId(), c.id(), a))));
        }));
    }

    record Fired(String kind, String severity, String message) {
    }

    private static List<Fired> fired(RunView run, RunStatus status) {
        List<Fired> out = new ArrayList<>();
        Map<String, Object> report = run.report() == null ? Map.of() : run.report();
        if (status == RunStatus.FAILED) {
            Object error = report.get("error");
            String why = error instanceof Map<?, ?> e ? String.valueOf(e.get("message")) : "the run failed";
            out.add(new Fired("run_failed", "page", "run failed: " + why));
        } else if (run.counts() != null && run.counts().get("quarantined") instanceof Number q && q.longValue() > 0) {
            out.add(new Fired("partial_failure", "warn", q + " of " + run.counts().get("read") + " rows quarantined"));
        }
        if (report.get("anomalies") instanceof List<?> anomalies) {
            for (Object o : anomalies) {
                if (o instanceof Map<?, ?> a) {
                    String code = String.valueOf(a.get("code")) + (a.get("field") == null ? "" : ":" + a.get("field"));
                    out.add(new Fired("alarm:" + code, String.valueOf(a.get("severity")), String.valueOf(a.get("message"))));
                }
            }
        }
        if (report.get("deliveries") instanceof List<?> deliveries) {
            for (Object o : deliveries) {
                if (o instanceof Map<?, ?> d && "failed".equals(d.get("status"))) {
                    out.add(new Fired("destination_failed", "page", "delivery to " + d.get("type") + " destination "
                            + d.get("position") + " failed"));
                }
            }
        }
        return out;
    }

    private String link(RunView run) {
        return consoleUrl + "/console/runs/" + run.id();
    }

    private static boolean isOff(Object value) {
        return value != null && ("off".equals(value.toString()) || "false".equals(value.toString()));
    }
}
