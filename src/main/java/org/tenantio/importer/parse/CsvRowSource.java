package org.tenantio.importer.parse;

import org.tenantio.importer.system.ParseLimits;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.apache.commons.io.input.CountingInputStream;
import org.tenantio.importer.parse.BoundedRecordReader.RecordTooLargeException;

/**
 * Streams a CSV file with commons-csv: quoting, embedded newlines and CRLF are the library's
 * job; this class adds dialect detection (encoding, BOM, delimiter, quote, padded values), the
 * header, row numbers, and the row-level checks: PARSE-001 for a wrong field count or a quote
 * left open at the end of the file, PARSE-002 for bytes the encoding cannot decode.
 */
public final class CsvRowSource implements RowSource {

    private static final int SAMPLE_BYTES = 64 * 1024;

    private final CountingInputStream counter;
    private final BoundedRecordReader reader;
    private final CSVParser parser;
    private final Iterator<CSVRecord> records;
    private final List<String> header;
    private final CsvDialect dialect;
    private long rowNumber;
    private SourceRow pending;
    private boolean ended;

    public CsvRowSource(InputStream in) throws IOException {
        this(in, CsvDialect.Overrides.NONE, ParseLimits.DEFAULT);
    }

    public CsvRowSource(InputStream in, CsvDialect.Overrides fixed, ParseLimits limits) throws IOException {
        this.counter = new CountingInputStream(in);
        BufferedInputStream buffered = new BufferedInputStream(counter, SAMPLE_BYTES);
        buffered.mark(SAMPLE_BYTES);
        byte[] sample = buffered.readNBytes(SAMPLE_BYTES);
        buffered.reset();
        this.dialect = CsvDialect.detect(sample, sample.length, fixed);
        buffered.skipNBytes(dialect.bomLength());
        this.reader = new BoundedRecordReader(new InputStreamReader(buffered, dialect.decoder()), limits.maxRowChars());
        CSVFormat format = CSVFormat.RFC4180.builder()
                .setDelimiter(dialect.delimiter())
                .setQuote(dialect.quote())
                .setIgnoreSurroundingSpaces(dialect.trimSpaces())
                .setIgnoreEmptyLines(true)
                .get();
        this.parser = CSVParser.builder().setReader(reader).setFormat(format).get();
        this.records = parser.iterator();
        this.header = readHeader();
        reader.recordBoundary();
        if (header.size() > limits.maxColumns()) {
            throw new FileFormatException("The file has " + header.size() + " columns; the limit is " + limits.maxColumns());
        }
    }

    private List<String> readHeader() {
        try {
            return records.hasNext() ? copy(records.next()) : List.of();
        } catch (UncheckedIOException e) {
            throw new FileFormatException("The header row cannot be read as " + dialect.charset().name() + " CSV", e);
        }
    }

    public CsvDialect dialect() {
        return dialect;
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
        if (pending != null) {
            return true;
        }
        if (ended) {
            return false;
        }
        try {
            return records.hasNext();
        } catch (UncheckedIOException e) {
            ended = true;
            if (e.getCause() instanceof RecordTooLargeException tooLarge) {
                throw new FileFormatException("Data row " + (rowNumber + 1) + " is too long: " + tooLarge.getMessage(), e);
            }
            // commons-csv only fails mid-file on a quote still open at the end: that row is lost, the rest was read.
            pending = new SourceRow(++rowNumber, List.of(), new ParseProblem("PARSE-001",
                    "A quoted value is never closed: the file ends inside it",
                    "Close the quote in this row, or escape a quote inside a value by doubling it (\"\")"));
            return true;
        }
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        if (pending != null) {
            SourceRow row = pending;
            pending = null;
            return row;
        }
        CSVRecord record = records.next();
        reader.recordBoundary();
        rowNumber++;
        List<String> values = copy(record);
        if (values.size() != header.size()) {
            return new SourceRow(rowNumber, values, new ParseProblem("PARSE-001",
                    "Row has " + values.size() + " fields but the header has " + header.size(),
                    "Check for a missing or extra delimiter, or an unquoted delimiter inside a value"));
        }
        if (values.stream().anyMatch(v -> v.indexOf('\uFFFD') >= 0)) {
            return new SourceRow(rowNumber, values, new ParseProblem("PARSE-002",
                    "Row has bytes that are not valid " + dialect.charset().name(),
                    "Save the file as UTF-8, or set the pipeline's csv encoding"));
        }
        return SourceRow.ok(rowNumber, values);
    }

    /** NUL cannot be stored in PostgreSQL text: it is marked like any undecodable byte. */
    private static List<String> copy(CSVRecord record) {
        List<String> values = new ArrayList<>(record.size());
        record.forEach(v -> values.add(v.indexOf('\u0000') >= 0 ? v.replace('\u0000', '\uFFFD') : v));
        return values;
    }

    @Override
    public void close() throws IOException {
        parser.close();
    }
}
