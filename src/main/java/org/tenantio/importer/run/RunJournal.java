package org.tenantio.importer.run;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * What happened during a run, for people: its steps (validate, load, ... with attempts, timings
 * and errors) and its log lines. Never row values: lines name counts, columns and rule codes.
 */
@Component
public class RunJournal {

    private final JdbcTemplate jdbc;

    public RunJournal(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public record Step(String step, int attempt, String status, String error, OffsetDateTime startedAt,
                       OffsetDateTime finishedAt, Long millis) {
    }

    public record Line(OffsetDateTime at, String level, String message) {
    }

    /** Opens the step's next attempt. */
    public void begin(UUID tenantId, UUID runId, String step) {
        jdbc.update("""
                INSERT INTO run_steps (tenant_id, run_id, step, attempt, status)
                SELECT ?, ?, ?, COALESCE(max(attempt), 0) + 1, 'running' FROM run_steps
                WHERE tenant_id = ? AND run_id = ? AND step = ?""", tenantId, runId, step, tenantId, runId, step);
    }

    public void succeed(UUID tenantId, UUID runId, String step) {
        close(tenantId, runId, step, "completed", null);
    }

    public void fail(UUID tenantId, UUID runId, String step, String error) {
        close(tenantId, runId, step, "failed", error);
    }

    /** A failing run: whatever step is still open ends failed with the run's reason. */
    public void failOpen(UUID tenantId, UUID runId, String error) {
        jdbc.update("""
                UPDATE run_steps SET status = 'failed', error = ?, finished_at = clock_timestamp()
                WHERE tenant_id = ? AND run_id = ? AND status = 'running'""", error, tenantId, runId);
    }

    private void close(UUID tenantId, UUID runId, String step, String status, String error) {
        jdbc.update("""
                UPDATE run_steps SET status = ?, error = ?, finished_at = clock_timestamp()
                WHERE tenant_id = ? AND run_id = ? AND step = ? AND status = 'running'""",
                status, error, tenantId, runId, step);
    }

    public void info(UUID tenantId, UUID runId, String message) {
        line(tenantId, runId, "info", message);
    }

    public void warn(UUID tenantId, UUID runId, String message) {
        line(tenantId, runId, "warn", message);
    }

    public void error(UUID tenantId, UUID runId, String message) {
        line(tenantId, runId, "error", message);
    }

    private void line(UUID tenantId, UUID runId, String level, String message) {
        jdbc.update("INSERT INTO run_log (tenant_id, run_id, level, message) VALUES (?, ?, ?, ?)",
                tenantId, runId, level, message);
    }

    public List<Step> steps(UUID tenantId, UUID runId) {
        return jdbc.query("""
                SELECT step, attempt, status, error, started_at, finished_at,
                       (extract(epoch FROM finished_at - started_at) * 1000)::bigint AS millis
                FROM run_steps WHERE tenant_id = ? AND run_id = ? ORDER BY id""",
                (rs, i) -> new Step(rs.getString("step"), rs.getInt("attempt"), rs.getString("status"),
                        rs.getString("error"), rs.getObject("started_at", OffsetDateTime.class),
                        rs.getObject("finished_at", OffsetDateTime.class), (Long) rs.getObject("millis")),
                tenantId, runId);
    }

    public List<Line> lines(UUID tenantId, UUID runId) {
        return jdbc.query("SELECT created_at, level, message FROM run_log WHERE tenant_id = ? AND run_id = ? ORDER BY id",
                (rs, i) -> new Line(rs.getObject(1, OffsetDateTime.class), rs.getString(2), rs.getString(3)),
                tenantId, runId);
    }
}
