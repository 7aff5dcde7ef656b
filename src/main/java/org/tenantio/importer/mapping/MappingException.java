package org.tenantio.importer.mapping;

/** A mapping file that cannot be read or does not make sense; the message says which and why. */
public class MappingException extends RuntimeException {
    public MappingException(String message, Throwable cause) {
        super(message, cause);
    }

    public MappingException(String message) {
        super(message);
    }
}
