package org.tenantio.importer.web.console;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.resource.NoResourceFoundException;

/**
 * A console address that names no page (mistyped, an old bookmark), or a form's address opened as
 * a link, is a console page saying so rather than the API's JSON: such a request reaches no console controller,
 * so {@link ConsoleErrors} (scoped to them) never sees it. Anything else is left to the API's
 * handling as before.
 */
@ControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class ConsoleMissingPages {

    @ExceptionHandler(NoResourceFoundException.class)
    ModelAndView missing(NoResourceFoundException e, HttpServletRequest request, HttpServletResponse response)
            throws NoResourceFoundException {
        if (!isConsolePage(request)) {
            throw e; // not a console page: the API's answer, unchanged
        }
        return ConsoleErrors.page(request, response, 404, "There is no such page");
    }

    /** A console address used with a method it does not take (a form's address opened as a link). */
    @ExceptionHandler(HttpRequestMethodNotSupportedException.class)
    ModelAndView wrongMethod(HttpRequestMethodNotSupportedException e, HttpServletRequest request,
                             HttpServletResponse response) throws HttpRequestMethodNotSupportedException {
        if (!isConsolePage(request)) {
            throw e;
        }
        return ConsoleErrors.page(request, response, 405, "That action is not available here");
    }

    private static boolean isConsolePage(HttpServletRequest request) {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        return path.startsWith("/console/") && !path.startsWith("/console/assets/");
    }
}
