package org.tenantio.importer.web.console;

/** A console request refused with a status and a message for the page (bad CSRF token, rate limit, bad input). */
class ConsoleRefusal extends RuntimeException {

    private final int status;

    ConsoleRefusal(int status, String message) {
        super(message);
        this.status = status;
    }

    int status() {
        return status;
    }
}
