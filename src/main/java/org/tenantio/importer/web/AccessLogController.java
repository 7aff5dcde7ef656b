package org.tenantio.importer.web;

import org.tenantio.importer.system.Page;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.tenantio.importer.privacy.AccessLog;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** Who read which person data: newest first as JSON pages, or all of it (oldest first) as CSV. Admins only. */
@RestController
@RequestMapping("/api/v1/access-log")
public class AccessLogController {

    private final AccessLog log;
    private final ObjectMapper json;

    public AccessLogController(AccessLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    @GetMapping
    public void list(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller,
            @RequestParam(required = false) String actor, @RequestParam(required = false) String kind,
            @RequestParam(required = false) String recordId,
            @RequestParam(required = false) String from, @RequestParam(required = false) String to,
            @RequestParam(defaultValue = "50") int limit, @RequestParam(defaultValue = "0") long offset,
            @RequestParam(required = false) String format,
            @RequestHeader(name = HttpHeaders.ACCEPT, required = false) String accept,
            HttpServletResponse response) throws IOException {
        Roles.require(caller, "read the access log", Roles.ADMINS);
        AccessLog.Filter filter = new AccessLog.Filter(actor, kind, recordId, Times.parse("from", from), Times.parse("to", to));
        if ("csv".equals(format) || (format == null && accept != null && accept.contains("text/csv"))) {
            response.setContentType("text/csv; charset=UTF-8");
            response.setHeader(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"access-log.csv\"");
            OutputStreamWriter out = new OutputStreamWriter(response.getOutputStream(), StandardCharsets.UTF_8);
            log.exportCsv(caller.tenant().id(), filter, out);
            out.flush();
            return;
        }
        Page.checkBounds(limit, offset);
        Page<AccessLog.Entry> page = new Page<>(log.list(caller.tenant().id(), filter, limit, offset),
                log.count(caller.tenant().id(), filter), limit, offset);
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        json.writeValue(response.getOutputStream(), page);
    }
}
