package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.util.Optional;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestAttribute;
import org.springframework.web.bind.annotation.RequestParam;
import org.tenantio.importer.audit.AuditLog;
import org.tenantio.importer.audit.AuditLog.AuditEvent;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.ApiKeys;
import org.tenantio.importer.security.Caller;
import org.tenantio.importer.system.RequestIdFilter;

/** Signing in with an API key (checked exactly as the API checks the X-API-Key header) and out. */
@Controller
class LoginPages {

    static final String PATH = "/console/login";

    private final ApiKeys keys;
    private final AuditLog audit;

    LoginPages(ApiKeys keys, AuditLog audit) {
        this.keys = keys;
        this.audit = audit;
    }

    @GetMapping({"/console", "/console/"})
    String home() {
        return "redirect:/console/runs";
    }

    @GetMapping(PATH)
    String form(HttpServletRequest request) {
        return ConsoleSession.signedIn(request) != null ? "redirect:/console/runs" : "console/login";
    }

    @PostMapping(PATH)
    String signIn(@RequestParam(defaultValue = "") String apiKey, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        Optional<Caller> caller = apiKey.isBlank() ? Optional.empty()
                : keys.authenticate(apiKey.strip(), RequestIdFilter.of(request));
        if (caller.isEmpty()) {
            // 200, not 401: the page is the sign-in form again, shown with its message.
            model.addAttribute("error", apiKey.isBlank() ? "Enter your API key"
                    : "That API key is not valid or has been revoked");
            return "console/login";
        }
        Caller c = caller.get();
        // A new session id at sign-in: an id planted before it (session fixation) is worthless after.
        request.changeSessionId();
        HttpSession session = request.getSession();
        session.setAttribute(ConsoleSession.SIGNED_IN, new ConsoleSession.SignedIn(c.tenant().id(), c.keyId()));
        // The sign-in page is outside the console's door, so it enters the key's tenant itself (row-level security).
        org.tenantio.importer.system.TenantScope.run(c.tenant().id(), () -> audit.record(new AuditEvent(c.tenant().id(),
                c.actor(), c.role(), "console.signed_in", "api_key", c.keyId().toString(), null, null, c.requestId())));
        return "redirect:/console/runs";
    }

    @PostMapping("/console/logout")
    String signOut(@RequestAttribute(ApiKeyFilter.CALLER) Caller caller, HttpServletRequest request) {
        audit.record(new AuditEvent(caller.tenant().id(), caller.actor(), caller.role(), "console.signed_out", "api_key",
                caller.keyId().toString(), null, null, caller.requestId()));
        request.getSession().invalidate();
        return "redirect:" + PATH + "?signedOut";
    }
}
