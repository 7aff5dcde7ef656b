package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;
import org.tenantio.importer.intake.FileTooLargeException;
import org.tenantio.importer.tenant.QuotaExceeded;
import org.tenantio.importer.system.Refusal;
import org.tenantio.importer.web.ApiException;

/**
 * Console failures become a page in the console's own layout with the API's message (a refused
 * role, an unknown run, a pipeline that takes no runs), ahead of the API's JSON handler; anything
 * unexpected is logged and shown as a plain sentence, never a stack trace.
 */
@ControllerAdvice(basePackageClasses = ConsoleErrors.class)
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleErrors {

    private static final Logger log = LoggerFactory.getLogger(ConsoleErrors.class);

    @ExceptionHandler(ApiException.class)
    ModelAndView api(ApiException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, e.status(), e.getMessage()).addObject("details", e.details());
    }

    @ExceptionHandler(Refusal.class)
    ModelAndView refused(Refusal e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, e.status(), e.getMessage()).addObject("details", e.details());
    }

    @ExceptionHandler(QuotaExceeded.class)
    ModelAndView quota(QuotaExceeded e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, 429, e.getMessage());
    }

    @ExceptionHandler(FileTooLargeException.class)
    ModelAndView tooLarge(FileTooLargeException e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, 413, e.getMessage());
    }

    @ExceptionHandler(ConsoleRefusal.class)
    ModelAndView console(ConsoleRefusal e, HttpServletRequest request, HttpServletResponse response) {
        return page(request, response, e.status(), e.getMessage());
    }

    @ExceptionHandler(MethodArgumentTypeMismatchException.class)
    ModelAndView badParameter(MethodArgumentTypeMismatchException e, HttpServletRequest request,
                              HttpServletResponse response) {
        return page(request, response, 400, "'" + e.getName() + "' has a value this page cannot use");
    }

    @ExceptionHandler(Exception.class)
    ModelAndView unexpected(Exception e, HttpServletRequest request, HttpServletResponse response) {
        if (e instanceof ErrorResponse known) {
            int status = known.getStatusCode().value();
            return page(request, response, status, status == 404 ? "There is no such page"
                    : status == 405 ? "That action is not available here" : "The request could not be understood");
        }
        log.error("Unhandled error on console page {}: {}", request.getRequestURI(), e.getClass().getName(), e);
        return page(request, response, 500, "The page could not be shown; the error has been logged");
    }

    static ModelAndView page(HttpServletRequest request, HttpServletResponse response, int status, String message) {
        response.setStatus(status);
        ModelAndView page = new ModelAndView(request.getHeader("HX-Request") != null ? "console/error :: message" : "console/error");
        page.addObject("status", status);
        page.addObject("message", message);
        page.addObject("csrf", ConsoleSession.csrfToken(request));
        Object caller = request.getAttribute(org.tenantio.importer.web.ApiKeyFilter.CALLER);
        if (caller != null) {
            page.addObject("caller", caller);
            page.addObject("can", Can.of((org.tenantio.importer.security.Caller) caller));
        }
        return page;
    }
}
