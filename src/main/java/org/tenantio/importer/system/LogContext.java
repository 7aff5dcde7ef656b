package org.tenantio.importer.system;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.MDC;

/**
 * The log context (SLF4J MDC) of a run: {@code run_id}, {@code tenant} (code), {@code pipeline}
 * (code) and the {@code request_id} that queued it, on every line the run's threads write, so
 * JSON logs can be filtered by any of them; {@code rule_code} on lines about one rule. Codes and
 * ids only: never a file name or a row value. A run's context is kept while the run is entered,
 * so the worker threads of its chunks and deliveries can join it.
 */
public final class LogContext {

    public static final String RUN_ID = "run_id";
    public static final String TENANT = "tenant";
    public static final String PIPELINE = "pipeline";
    public static final String REQUEST_ID = "request_id";
    public static final String RULE_CODE = "rule_code";

    private static final Map<UUID, Map<String, String>> RUNS = new ConcurrentHashMap<>();

    private LogContext() {
    }

    /** The thread works on this run until {@link #leaveRun}; null parts are left out. */
    public static void enterRun(UUID runId, String tenant, String pipeline, String requestId) {
        Map<String, String> context = new java.util.HashMap<>();
        context.put(RUN_ID, runId.toString());
        putIfPresent(context, TENANT, tenant);
        putIfPresent(context, PIPELINE, pipeline);
        putIfPresent(context, REQUEST_ID, requestId);
        RUNS.put(runId, Map.copyOf(context));
        clearRunKeys();
        context.forEach(MDC::put);
    }

    /** The run is over on this thread: its keys go (a request's own id stays with the request). */
    public static void leaveRun(UUID runId) {
        if (runId != null) {
            RUNS.remove(runId);
        }
        clearRunKeys();
    }

    /** This thread stops working on a run another thread still owns (a duplicate delivery): the run's context stays. */
    public static void leaveThread() {
        clearRunKeys();
    }

    /**
     * A worker thread takes up the run's context (or at least its id); returns what the thread
     * had, for {@link #restore}.
     */
    public static Map<String, String> joinRun(UUID runId) {
        Map<String, String> previous = MDC.getCopyOfContextMap();
        clearRunKeys();
        RUNS.getOrDefault(runId, Map.of(RUN_ID, runId.toString())).forEach(MDC::put);
        return previous == null ? Map.of() : previous;
    }

    public static void restore(Map<String, String> previous) {
        if (previous == null || previous.isEmpty()) {
            MDC.clear();
        } else {
            MDC.setContextMap(previous);
        }
    }

    /** Runs the action with {@code rule_code} in the context. */
    public static void withRule(String ruleCode, Runnable action) {
        try (MDC.MDCCloseable ignored = MDC.putCloseable(RULE_CODE, ruleCode)) {
            action.run();
        }
    }

    private static void clearRunKeys() {
        MDC.remove(RUN_ID);
        MDC.remove(TENANT);
        MDC.remove(PIPELINE);
        MDC.remove(REQUEST_ID);
        MDC.remove(RULE_CODE);
    }

    private static void putIfPresent(Map<String, String> context, String key, String value) {
        if (value != null && !value.isBlank()) {
            context.put(key, value);
        }
    }
}
