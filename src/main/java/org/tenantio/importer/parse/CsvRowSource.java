package org.tenantio.importer.parse;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.BOMInputStream;
import org.apache.commons.io.input.CountingInputStream;

/**
 * Streams an RFC 4180 CSV file with commons-csv: quoted fields, embedded newlines and CRLF
 * are the library's job; this class adds the header, row numbers, BOM stripping and the
 * PARSE-001 check that every row has as many fields as the header.
 */
public final class CsvRowSource implements RowSource {

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder()
            .setIgnoreEmptyLines(true)
            .get();

    private final CountingInputStream counter;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private long rowNumber;

    public CsvRowSource(InputStream in) throws IOException {
        this.counter = new CountingInputStream(in);
        Reader reader = new BufferedReader(new InputStreamReader(
                BOMInputStream.builder().setInputStream(counter).get(), StandardCharsets.UTF_8), 64 * 1024);
        this.parser = CSVParser.builder().setReader(reader).setFormat(FORMAT).get();
        this.records = parser.iterator();
        this.header = records.hasNext() ? copy(records.next()) : List.of();
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long bytesRead() {
        return counter.getByteCount();
    }

    @Override
    public boolean hasNext() {
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            throw new FileFormatException("The file is not valid CSV after data row " + rowNumber + ": "
                    + e.getCause().getMessage(), e);
        }
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        CSVRecord record = records.next();
        rowNumber++;
        List<String> values = copy(record);
        if (values.size() != header.size()) {
            return new SourceRow(rowNumber, values, new ParseProblem("PARSE-001",
                    "Row has " + values.size() + " fields but the header has " + header.size(),
                    "Check for a missing or extra delimiter, or an unquoted delimiter inside a value"));
        }
        return SourceRow.ok(rowNumber, values);
    }

    private static List<String> copy(CSVRecord record) {
        List<String> values = new ArrayList<>(record.size());
        record.forEach(values::add);
        return values;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
