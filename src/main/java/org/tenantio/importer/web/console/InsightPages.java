package org.tenantio.importer.web.console;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVPrinter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.tenantio.importer.system.CellSanitiser;
import org.tenantio.importer.quality.QualityReport;
import org.tenantio.importer.health.SourceTrends;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Data quality per entity and 30-day trends: aggregates only, so every role may read them. */
@Controller
class InsightPages {

    static final int DAYS = 30;

    private final QualityReport quality;
    private final SourceTrends trends;
    private final RunPages runPages;
    private final ObjectMapper json;

    InsightPages(QualityReport quality, SourceTrends trends, RunPages runPages, ObjectMapper json) {
        this.quality = quality;
        this.trends = trends;
        this.runPages = runPages;
        this.json = json;
    }

    @GetMapping("/console/quality")
    String quality(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(defaultValue = "person") String entity,
                   Model model) {
        model.addAttribute("report", quality.of(caller.tenant().id(), entity, DAYS));
        return "console/quality";
    }

    @GetMapping(path = "/console/quality/export")
    void qualityExport(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(defaultValue = "person") String entity,
                       @RequestParam(defaultValue = "csv") String format, HttpServletResponse response) throws IOException {
        QualityReport.Report report = quality.of(caller.tenant().id(), entity, DAYS);
        if ("json".equals(format)) {
            download(response, "application/json", "quality-" + entity + ".json");
            json.writeValue(response.getOutputStream(), report);
            return;
        }
        download(response, "text/csv; charset=UTF-8", "quality-" + entity + ".csv");
        try (CSVPrinter csv = new CSVPrinter(writer(response), CSVFormat.DEFAULT)) {
            csv.printRecord("field", "records", "present", "valid", "present_share", "valid_share");
            for (QualityReport.FieldFigures f : report.fields()) {
                csv.printRecord(CellSanitiser.sanitise(f.field()), f.records(), f.present(), f.valid(), f.presentShare(), f.validShare());
            }
            csv.printRecord();
            csv.printRecord("rule", "severity", "rows_30_days", "runs", "open");
            for (QualityReport.Offender o : report.offenders()) {
                csv.printRecord(CellSanitiser.sanitise(o.ruleCode()), o.severity(), o.rows(), o.runs(), o.open());
            }
            csv.printRecord();
            csv.printRecord("health_score", report.healthScore());
        }
    }

    @GetMapping("/console/trends")
    String trends(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(required = false) LocalDate from,
                  @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String pipeline, Model model)
            throws IOException {
        Range range = Range.of(from, to);
        List<SourceTrends.Day> days = trends.daily(caller.tenant().id(), range.from(), range.to(), RunPages.blank(pipeline));
        model.addAttribute("days", days);
        // The freshness chart only where some run of the period measured freshness; else the page says why not.
        model.addAttribute("freshness", days.stream().anyMatch(d -> d.freshnessLagSeconds() != null));
        model.addAttribute("range", range);
        model.addAttribute("pipeline", RunPages.blank(pipeline));
        model.addAttribute("pipelines", runPages.pipelineCodes(caller));
        // The charts read their series from this JSON (in a data block, not a script: the page runs no inline code).
        model.addAttribute("series", json.writeValueAsString(days));
        return "console/trends";
    }

    @GetMapping("/console/trends/export")
    void trendsExport(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(required = false) LocalDate from,
                      @RequestParam(required = false) LocalDate to, @RequestParam(required = false) String pipeline,
                      HttpServletResponse response) throws IOException {
        Range range = Range.of(from, to);
        download(response, "text/csv; charset=UTF-8", "trends-" + range.from() + "-" + range.to() + ".csv");
        try (CSVPrinter csv = new CSVPrinter(writer(response), CSVFormat.DEFAULT)) {
            csv.printRecord("day", "runs", "rows", "rejected", "reject_rate", "duplicates", "duplicate_rate", "mean_seconds",
                    "newest_source_updated_at", "freshness_lag_seconds");
            for (SourceTrends.Day d : trends.daily(caller.tenant().id(), range.from(), range.to(), RunPages.blank(pipeline))) {
                csv.printRecord(d.day(), d.runs(), d.rows(), d.rejected(), d.rejectRate(), d.duplicates(), d.duplicateRate(),
                        d.meanSeconds(), d.newestSourceUpdatedAt(), d.freshnessLagSeconds());
            }
        }
    }

    private static void download(HttpServletResponse response, String type, String name) {
        response.setContentType(type);
        response.setHeader("Content-Disposition", "attachment; filename=\"" + name + "\"");
    }

    private static Writer writer(HttpServletResponse response) throws IOException {
        return new java.io.OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
    }

    /** A date range of at most a year, the last 30 days by default. */
    record Range(LocalDate from, LocalDate to) {
        static Range of(LocalDate from, LocalDate to) {
            LocalDate end = to == null ? LocalDate.now(ZoneOffset.UTC) : to;
            LocalDate start = from == null ? end.minusDays(DAYS - 1) : from;
            if (start.isAfter(end)) {
                throw new ConsoleRefusal(400, "The range starts after it ends");
            }
            if (start.isBefore(end.minusDays(366))) {
                throw new ConsoleRefusal(400, "Show at most a year at a time");
            }
            return new Range(start, end);
        }
    }
}
