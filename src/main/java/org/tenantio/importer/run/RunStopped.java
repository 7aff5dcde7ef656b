package org.tenantio.importer.run;

/**
 * The run must not go on here: a steward cancelled it, or this instance no longer owns it (its
 * lease expired and another instance took the run over). The chunk that finds out rolls back.
 */
public final class RunStopped extends RunFailure {

    private final boolean cancelled;

    private RunStopped(String code, String message, boolean cancelled) {
        super(code, message);
        this.cancelled = cancelled;
    }

    public static RunStopped cancelled(String by) {
        return new RunStopped("cancelled", "Cancelled by " + by + "; its changes were rolled back", true);
    }

    public static RunStopped leaseLost(String status, String owner) {
        return new RunStopped("lease_lost", "This instance no longer owns the run (now " + status + ", owned by "
                + owner + ")", false);
    }

    public boolean isCancelled() {
        return cancelled;
    }
}
