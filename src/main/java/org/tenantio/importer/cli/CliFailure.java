package org.tenantio.importer.cli;

/** A reason the command cannot go on, for a person to read: printed, exit code 1, no stack trace. */
class CliFailure extends RuntimeException {
    CliFailure(String message) {
        super(message);
    }
}
