package org.tenantio.importer.intake;

/** The input is larger than the configured limit; nothing of it is kept. */
public class FileTooLargeException extends RuntimeException {
    private final long limitBytes;

    public FileTooLargeException(long limitBytes) {
        super("The file is larger than the limit of " + limitBytes + " bytes");
        this.limitBytes = limitBytes;
    }

    public long limitBytes() {
        return limitBytes;
    }
}
