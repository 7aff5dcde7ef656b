package org.tenantio.importer.importing;

import org.tenantio.importer.quality.ViolationFilter;
import org.tenantio.importer.quality.ViolationQueries;

import org.tenantio.importer.system.Refusal;

import org.tenantio.importer.system.CellSanitiser;

import org.tenantio.importer.row.Violation;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.importing.QuarantineRequeue.Correction;
import org.tenantio.importer.quality.ViolationQueries.RowRef;
import org.tenantio.importer.quality.ViolationQueries.StagedRow;
import org.tenantio.importer.security.Caller;

/**
 * The steward's other tools on the quarantine: close a violation (suppressed, won't fix) with a
 * reason, apply one fix to every row a filter selects, and round-trip the quarantine through a
 * spreadsheet (export, correct, import) without losing which run and row each line came from.
 */
@Component
public class QuarantineActions {

    /** Most rows one bulk action or export touches; a larger quarantine is worked through in pages. */
    public static final int MAX_ROWS = 10_000;
    static final String RUN = "_run_id";
    static final String ROW = "_row_number";
    static final String RULES = "_rules";
    static final String MESSAGES = "_messages";

    private final ViolationQueries queries;
    private final QuarantineRequeue requeue;
    private final JdbcTemplate jdbc;
    private final AuditLog audit;

    public QuarantineActions(ViolationQueries queries, QuarantineRequeue requeue, JdbcTemplate jdbc, AuditLog audit) {
        this.queries = queries;
        this.requeue = requeue;
        this.jdbc = jdbc;
        this.audit = audit;
    }

    /** Closes one open violation as suppressed or wont_fix; the row stays out of the core. */
    public void close(Caller caller, long violationId, String status, String reason) {
        if (reason == null || reason.isBlank()) {
            throw new Refusal(400, "reason_required", "Say why", List.of(Map.of("field", "reason", "message", "required")));
        }
        int changed = jdbc.update("""
                UPDATE dq_violations SET status = ?, resolved_at = now(), resolved_by = ?
                 WHERE tenant_id = ? AND id = ? AND status = 'open'""", status, caller.actor(), caller.tenant().id(), violationId);
        if (changed == 0) {
            queries.find(caller.tenant().id(), violationId).orElseThrow(() -> Refusal.notFound("Violation"));
            throw new Refusal(409, "violation_not_open", "Violation " + violationId + " is not open");
        }
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "violation." + status, "violation",
                String.valueOf(violationId), Map.of("status", "open"), Map.of("status", status, "reason", reason),
                caller.requestId()));
    }

    /** What a bulk action did. */
    public record BulkResult(int rows, int fixed, int stillFailing, int closed) {
    }

    /**
     * One action over every row with an open violation that the filter selects: a transform of a
     * field (lower, upper, trim) then revalidation, revalidation alone, or closing.
     */
    public BulkResult bulk(Caller caller, ViolationFilter filter, String action, String field, String reason) {
        List<RowRef> rows = queries.openRows(caller.tenant().id(), filter, MAX_ROWS);
        int fixed = 0;
        int failing = 0;
        int closed = 0;
        switch (action) {
            case "suppress", "wont_fix" -> {
                for (RowRef ref : rows) {
                    for (var v : queries.onRow(caller.tenant().id(), ref.runId(), ref.rowNumber())) {
                        if ("open".equals(v.status()) && (filter.ruleCode() == null || filter.ruleCode().equals(v.ruleCode()))) {
                            close(caller, v.id(), "suppress".equals(action) ? "suppressed" : "wont_fix", reason);
                            closed++;
                        }
                    }
                }
            }
            case "lower", "upper", "trim", "revalidate" -> {
                UnaryOperator<String> transform = transform(action);
                for (RowRef ref : rows) {
                    Correction correction = Correction.none();
                    if (!"revalidate".equals(action)) {
                        correction = fieldCorrection(caller, ref, field, transform);
                    }
                    if (requeue.requeue(caller, ref.runId(), ref.rowNumber(), correction).fixed()) {
                        fixed++;
                    } else {
                        failing++;
                    }
                }
            }
            default -> throw new Refusal(400, "unknown_action", "Unknown bulk action '" + action
                    + "'; use lower, upper, trim, revalidate, suppress or wont_fix");
        }
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "violations.bulk", "violations",
                null, null, Map.of("action", action, "filter", filter.toString(), "rows", rows.size(), "fixed", fixed,
                "stillFailing", failing, "closed", closed), caller.requestId()));
        return new BulkResult(rows.size(), fixed, failing, closed);
    }

    private Correction fieldCorrection(Caller caller, RowRef ref, String field, UnaryOperator<String> transform) {
        if (field == null || field.isBlank()) {
            throw new Refusal(400, "field_required", "Name the field to transform",
                    List.of(Map.of("field", "field", "message", "required for lower, upper and trim")));
        }
        String current = queries.onRow(caller.tenant().id(), ref.runId(), ref.rowNumber()).stream()
                .filter(v -> field.equals(v.field()) && v.value() != null).map(ViolationQueries.ViolationView::value)
                .findFirst().orElse(null);
        return current == null ? Correction.none() : new Correction(Map.of(), Map.of(field, transform.apply(current)));
    }

    private static UnaryOperator<String> transform(String action) {
        return switch (action) {
            case "lower" -> v -> v.toLowerCase(Locale.ROOT);
            case "upper" -> v -> v.toUpperCase(Locale.ROOT);
            case "trim" -> String::strip;
            default -> UnaryOperator.identity();
        };
    }

    /** The quarantined rows a filter selects, one line each, as their columns were read; cells sanitised. */
    public void export(UUID tenantId, ViolationFilter filter, Writer out) throws IOException {
        List<RowRef> refs = queries.openRows(tenantId, filter, MAX_ROWS);
        List<StagedRow> rows = new ArrayList<>();
        Set<String> columns = new LinkedHashSet<>();
        for (RowRef ref : refs) {
            queries.stagedRow(tenantId, ref.runId(), ref.rowNumber()).ifPresent(r -> {
                rows.add(r);
                columns.addAll(r.raw().keySet());
            });
        }
        List<String> header = new ArrayList<>(List.of(RUN, ROW, RULES, MESSAGES));
        header.addAll(columns);
        try (CSVPrinter printer = new CSVPrinter(out, CSVFormat.RFC4180.builder().setHeader(header.toArray(String[]::new)).get())) {
            for (StagedRow row : rows) {
                var violations = queries.onRow(tenantId, row.runId(), row.rowNumber()).stream()
                        .filter(v -> "open".equals(v.status())).toList();
                List<String> line = new ArrayList<>();
                line.add(row.runId().toString());
                line.add(String.valueOf(row.rowNumber()));
                line.add(String.join(" ", violations.stream().map(ViolationQueries.ViolationView::ruleCode).toList()));
                line.add(String.join(" | ", violations.stream().map(ViolationQueries.ViolationView::message).toList()));
                columns.forEach(c -> line.add(row.raw().getOrDefault(c, "")));
                printer.printRecord(line.stream().map(CellSanitiser::sanitise).toList());
            }
        }
    }

    /** What importing a corrected export did, row by row. */
    public record ImportResult(int rows, int fixed, int stillFailing, List<QuarantineRequeue.Result> results) {
    }

    /** Requeues each line of a corrected export with its columns as corrections; lineage stays the original run's. */
    public ImportResult importCorrections(Caller caller, Reader in) throws IOException {
        List<QuarantineRequeue.Result> results = new ArrayList<>();
        try (CSVParser parser = CSVParser.builder().setReader(in)
                .setFormat(CSVFormat.RFC4180.builder().setHeader().setSkipHeaderRecord(true).get()).get()) {
            if (!parser.getHeaderMap().containsKey(RUN) || !parser.getHeaderMap().containsKey(ROW)) {
                throw new Refusal(400, "not_a_quarantine_export", "The file needs the columns " + RUN + " and " + ROW
                        + " of a quarantine export");
            }
            for (CSVRecord record : parser) {
                Map<String, String> columns = new LinkedHashMap<>();
                parser.getHeaderNames().stream().filter(h -> !h.startsWith("_"))
                        .forEach(h -> columns.put(h, CellSanitiser.unsanitise(record.get(h))));
                UUID runId;
                long rowNumber;
                try {
                    runId = UUID.fromString(record.get(RUN));
                    rowNumber = Long.parseLong(record.get(ROW));
                } catch (IllegalArgumentException e) {
                    throw new Refusal(400, "bad_reference", "Line " + record.getRecordNumber() + " has no valid "
                            + RUN + " and " + ROW);
                }
                Map<String, String> known = new LinkedHashMap<>();
                queries.stagedRow(caller.tenant().id(), runId, rowNumber).ifPresent(staged ->
                        columns.forEach((k, v) -> {
                            if (staged.raw().containsKey(k)) {
                                known.put(k, v);
                            }
                        }));
                results.add(requeue.requeue(caller, runId, rowNumber, new Correction(known, Map.of())));
            }
        } catch (UncheckedIOException e) {
            throw new Refusal(400, "bad_csv", "The file is not valid CSV");
        }
        int fixed = (int) results.stream().filter(QuarantineRequeue.Result::fixed).count();
        return new ImportResult(results.size(), fixed, results.size() - fixed, results);
    }
}
