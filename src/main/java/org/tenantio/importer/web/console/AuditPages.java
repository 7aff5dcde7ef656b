package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.LocalDate;
import java.time.ZoneOffset;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.tenantio.importer.audit.AuditQueries;
import org.tenantio.importer.audit.AuditQueries.AuditFilter;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.web.AuditController;
import org.tenantio.importer.system.Page;
import org.tenantio.importer.web.Roles;

/** The audit trail, admins only as in the API; its CSV export is the API's own. */
@Controller
class AuditPages {

    private final AuditQueries queries;
    private final AuditController api;

    AuditPages(AuditQueries queries, AuditController api) {
        this.queries = queries;
        this.api = api;
    }

    @GetMapping("/console/audit")
    String list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(required = false) String action,
                @RequestParam(required = false) String actor, @RequestParam(required = false) String targetType,
                @RequestParam(required = false) String targetId, @RequestParam(required = false) LocalDate from,
                @RequestParam(required = false) LocalDate to, @RequestParam(defaultValue = "0") int page,
                HttpServletRequest request, Model model) {
        Roles.require(caller, "read the audit log", Roles.ADMINS);
        AuditFilter filter = new AuditFilter(RunPages.blank(action), RunPages.blank(actor), RunPages.blank(targetType),
                RunPages.blank(targetId), from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC),
                to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC));
        long offset = Paging.offset(page);
        Page<AuditQueries.AuditEntry> result = new Page<>(queries.list(caller.tenant().id(), filter, Paging.SIZE, offset),
                queries.count(caller.tenant().id(), filter), Paging.SIZE, offset);
        model.addAttribute("entries", result.items());
        model.addAttribute("paging", Paging.of(result, request));
        model.addAttribute("filter", filter);
        model.addAttribute("from", from);
        model.addAttribute("to", to);
        return "console/audit";
    }

    @GetMapping("/console/audit/export")
    void export(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, @RequestParam(required = false) String action,
                @RequestParam(required = false) String actor, @RequestParam(required = false) String targetType,
                @RequestParam(required = false) String targetId, @RequestParam(required = false) LocalDate from,
                @RequestParam(required = false) LocalDate to, HttpServletResponse response) throws IOException {
        api.list(caller, RunPages.blank(action), RunPages.blank(actor), RunPages.blank(targetType), RunPages.blank(targetId),
                from == null ? null : from.atStartOfDay().atOffset(ZoneOffset.UTC).toString(),
                to == null ? null : to.plusDays(1).atStartOfDay().atOffset(ZoneOffset.UTC).toString(),
                Paging.SIZE, 0, "csv", null, response);
    }
}
