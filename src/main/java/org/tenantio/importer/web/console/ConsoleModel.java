package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.ui.Model;
import org.tenantio.importer.web.ApiKeyFilter;
import org.tenantio.importer.security.Caller;

/** What every console page's layout needs: who is signed in, what they may do, the form token. */
@ControllerAdvice(basePackageClasses = ConsoleModel.class)
class ConsoleModel {

    @ModelAttribute
    void common(HttpServletRequest request, Model model) {
        model.addAttribute("csrf", ConsoleSession.csrfToken(request));
        Caller caller = (Caller) request.getAttribute(ApiKeyFilter.CALLER);
        if (caller != null) {
            model.addAttribute("caller", caller);
            model.addAttribute("can", Can.of(caller));
        }
    }
}
