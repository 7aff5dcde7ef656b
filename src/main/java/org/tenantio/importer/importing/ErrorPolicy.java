package org.tenantio.importer.importing;

import org.tenantio.importer.run.RunFailure;

import org.tenantio.importer.row.RunContext;

import org.tenantio.importer.row.RowChunk;

import org.tenantio.importer.row.RowState;

import java.util.Map;
import org.springframework.stereotype.Component;
import org.tenantio.importer.pipeline.Pipeline;

/**
 * A pipeline's tolerance for bad rows: {@code onError: failRun} fails the run at the first
 * quarantined row; {@code maxErrorRate} (0..1) fails it when, at the end, a larger share of its
 * rows was quarantined. Either way the run ends failed and what it wrote is rolled back.
 */
@Component("errorPolicy")
public class ErrorPolicy {

    /** The route's per-chunk check, after validation and before the chunk is written. */
    public RowChunk check(RowChunk chunk) {
        if (!chunk.context().failOnAnyError()) {
            return chunk;
        }
        chunk.rows().stream().filter(RowState::quarantined).findFirst().ifPresent(row -> {
            throw new RunFailure("row_rejected", "Row " + row.rowNumber() + " broke " + row.violations().get(0).ruleCode()
                    + " and this pipeline fails a run on any bad row (onError: failRun)");
        });
        return chunk;
    }

    /** At the end of a run: the share of quarantined rows against the pipeline's maximum. */
    static void checkRate(RunContext ctx, Map<String, Object> counts) {
        if (ctx.maxErrorRate() == null) {
            return;
        }
        long read = ((Number) counts.getOrDefault("read", 0)).longValue();
        long bad = ((Number) counts.getOrDefault("quarantined", 0)).longValue();
        if (read > 0 && (double) bad / read > ctx.maxErrorRate()) {
            throw new RunFailure("error_rate_exceeded", String.format(java.util.Locale.ROOT,
                    "%d of %d rows (%.1f%%) were quarantined; pipeline allows at most %.1f%% (maxErrorRate)",
                    bad, read, 100.0 * bad / read, 100 * ctx.maxErrorRate()));
        }
    }

    static boolean failOnAnyError(Pipeline pipeline) {
        return "failRun".equals(pipeline.options().get("onError"));
    }

    static Double maxErrorRate(Pipeline pipeline) {
        return pipeline.options().get("maxErrorRate") instanceof Number n ? n.doubleValue() : null;
    }
}
