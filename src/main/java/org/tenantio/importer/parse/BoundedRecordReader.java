package org.tenantio.importer.parse;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Stops a single CSV record from growing without bound (a 100 MB field, or an unterminated
 * quote swallowing the rest of a large file) before it fills the heap: the parser reads
 * through this, and the row source marks each record boundary. The parser reads ahead one
 * buffer (8K characters), so the limit holds to within that.
 */
final class BoundedRecordReader extends FilterReader {

    private final long maxChars;
    private long sinceBoundary;

    BoundedRecordReader(Reader in, long maxChars) {
        super(in);
        this.maxChars = maxChars;
    }

    void recordBoundary() {
        sinceBoundary = 0;
    }

    @Override
    public int read() throws IOException {
        int c = super.read();
        if (c >= 0) {
            count(1);
        }
        return c;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = super.read(buffer, offset, length);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    private void count(int n) throws RecordTooLargeException {
        sinceBoundary += n;
        if (sinceBoundary > maxChars) {
            throw new RecordTooLargeException(maxChars);
        }
    }

    /** Thrown through the CSV parser, which wraps it; the row source turns it into a run failure. */
    static final class RecordTooLargeException extends IOException {
        RecordTooLargeException(long maxChars) {
            super("A row is longer than the limit of " + maxChars + " characters");
        }
    }
}
