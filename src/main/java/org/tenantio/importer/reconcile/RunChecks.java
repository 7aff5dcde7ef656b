package org.tenantio.importer.reconcile;

import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.Pipeline;
import org.tenantio.importer.pipeline.PipelineRepository;
import org.tenantio.importer.row.RunContext;
import org.tenantio.importer.run.RunRepository;
import org.tenantio.importer.run.RunView;

/**
 * The one call a load makes before it completes: reconcile the run and judge the leak alarms,
 * stored on the run (report keys {@code reconciliation} and {@code anomalies}), where the API,
 * the alerts and the health page read them.
 */
@Component
public class RunChecks {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(RunChecks.class);

    private final Reconciliation reconciliation;
    private final LeakAlarms alarms;
    private final RunRepository runs;
    private final PipelineRepository pipelines;

    public RunChecks(Reconciliation reconciliation, LeakAlarms alarms, RunRepository runs, PipelineRepository pipelines) {
        this.reconciliation = reconciliation;
        this.alarms = alarms;
        this.runs = runs;
        this.pipelines = pipelines;
    }

    /** Never fails the load: the books are a report on it; a failure to draw them up is logged and shown. */
    public void afterLoad(RunContext ctx) {
        try {
            check(ctx);
        } catch (RuntimeException e) {
            log.error("Run {}: reconciliation failed: {}", ctx.runId(), e.getClass().getName());
            runs.addToReport(ctx.tenantId(), ctx.runId(), Map.of("reconciliation", Map.of("error", "reconciliation_failed")));
        }
    }

    private void check(RunContext ctx) {
        RunView run = runs.findForWorker(ctx.runId()).orElseThrow();
        Map<String, Object> counts = run.counts() == null ? Map.of() : run.counts();
        Map<String, Object> books = reconciliation.of(ctx.tenantId(), ctx.runId(), counts,
                ctx.mapping().definition().gives(Reconciliation.SOURCE_UPDATED_AT));
        List<Map<String, Object>> anomalies = List.of();
        if (!ctx.dryRun()) {
            Pipeline pipeline = pipelines.findById(ctx.tenantId(), ctx.pipelineId()).orElseThrow();
            Object warnings = run.report() == null ? null : run.report().get("warnings");
            anomalies = alarms.judge(ctx.tenantId(), ctx.pipelineId(), ctx.runId(), AlarmThresholds.of(pipeline.options()),
                    counts, books, warnings instanceof List<?> l ? l : List.of());
        }
        runs.addToReport(ctx.tenantId(), ctx.runId(), Map.of("reconciliation", books, "anomalies", anomalies));
        logRules(books);
    }

    /** One line per rule that stopped or flagged rows, with rule_code in the log context, so a log search finds a rule's runs. */
    private static void logRules(Map<String, Object> books) {
        if (books.get("topRules") instanceof List<?> rules) {
            for (Object o : rules) {
                if (o instanceof Map<?, ?> rule && rule.get("ruleCode") != null) {
                    org.tenantio.importer.system.LogContext.withRule(rule.get("ruleCode").toString(), () -> log.info(
                            "Rule {}: {} violation(s) on {} row(s)", rule.get("ruleCode"), rule.get("violations"), rule.get("rows")));
                }
            }
        }
    }
}
