package org.tenantio.importer.parse;

import java.io.Closeable;
import java.util.Iterator;
import java.util.List;

/** A streaming reader of a tabular file: the header first, then rows one at a time. */
public interface RowSource extends Iterator<SourceRow>, Closeable {

    /** The header cells, exactly as read (an empty list for an empty file). */
    List<String> header();

    /** Bytes of the file consumed so far, for progress; -1 when unknown. */
    long bytesRead();
}
