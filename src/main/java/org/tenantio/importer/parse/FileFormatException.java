package org.tenantio.importer.parse;

/** The file as a whole cannot be read in the format it claims; the run fails with this message. */
public class FileFormatException extends RuntimeException {
    public FileFormatException(String message, Throwable cause) {
        super(message, cause);
    }

    public FileFormatException(String message) {
        super(message);
    }
}
