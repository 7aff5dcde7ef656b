package org.tenantio.importer.importing;

import org.tenantio.importer.row.RunContext;

import org.tenantio.importer.row.RowChunk;

import org.tenantio.importer.row.RowState;

import java.io.Closeable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import org.tenantio.importer.parse.RowSource;
import org.tenantio.importer.parse.SourceRow;
import org.tenantio.importer.row.Violation;

/**
 * Groups a streaming row source into chunks for the route's streaming split, so no more
 * than one chunk of a file is in memory at a time. Closing it closes the file.
 */
public final class RowChunks implements Iterator<RowChunk>, Closeable {

    private final RunContext context;
    private final RowSource source;
    private final int chunkSize;
    private final long startNanos = System.nanoTime();

    public RowChunks(RunContext context, RowSource source, int chunkSize) {
        this.context = context;
        this.source = source;
        this.chunkSize = chunkSize;
    }

    public RunContext context() {
        return context;
    }

    @Override
    public boolean hasNext() {
        return source.hasNext();
    }

    @Override
    public RowChunk next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        List<RowState> rows = new ArrayList<>(chunkSize);
        while (rows.size() < chunkSize && source.hasNext()) {
            rows.add(toState(source.next()));
        }
        return new RowChunk(context, rows, source.bytesRead(), System.nanoTime() - startNanos);
    }

    private RowState toState(SourceRow row) {
        List<String> header = context.layout().header();
        Map<String, String> raw = new LinkedHashMap<>();
        for (int i = 0; i < row.values().size(); i++) {
            String key = i < header.size() && !header.get(i).isBlank() ? header.get(i) : "column_" + (i + 1);
            raw.putIfAbsent(key, row.values().get(i));
        }
        RowState state = new RowState(row.rowNumber(), row.values(), raw);
        if (row.malformed()) {
            state.violations().add(Violation.error(row.problem().ruleCode(), null, null,
                    row.problem().message(), row.problem().hint()));
        }
        return state;
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
