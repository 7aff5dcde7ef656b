package org.tenantio.importer.importing;

/** A run's start failed after this message claimed it: the run is this message's to fail. */
final class StartFailed extends RuntimeException {

    StartFailed(Throwable cause) {
        super(cause.getMessage(), cause);
    }
}
