package org.tenantio.importer.parse;

import org.tenantio.importer.system.ParseLimits;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import org.apache.commons.io.input.CountingInputStream;

/**
 * Streams a JSON batch, a top-level array of objects or newline-delimited objects, one object
 * at a time (Jackson's MappingIterator unwraps a root array). The header is the first object's
 * keys plus any column the mapping expects, so later objects that carry them still map.
 */
public final class JsonRowSource implements RowSource {

    private static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private final CountingInputStream counter;
    private final MappingIterator<JsonNode> items;
    private final List<String> header;
    private JsonNode first;
    private long rowNumber;

    public JsonRowSource(InputStream in, List<String> expectedColumns, ParseLimits limits) throws IOException {
        this.counter = new CountingInputStream(in);
        try {
            this.items = JSON.readerFor(JsonNode.class).readValues(counter);
            this.first = items.hasNextValue() ? items.nextValue() : null;
        } catch (JsonProcessingException e) {
            throw new FileFormatException("The batch is not valid JSON: " + e.getOriginalMessage(), e);
        }
        Set<String> keys = new LinkedHashSet<>();
        if (first != null && first.isObject()) {
            first.fieldNames().forEachRemaining(keys::add);
        }
        keys.addAll(expectedColumns);
        this.header = first == null ? List.of() : List.copyOf(keys);
        if (header.size() > limits.maxColumns()) {
            throw new FileFormatException("The batch has " + header.size() + " fields; the limit is " + limits.maxColumns());
        }
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
        if (first != null) {
            return true;
        }
        try {
            return items.hasNextValue();
        } catch (IOException e) {
            throw new FileFormatException("The batch is not valid JSON after item " + rowNumber + ": "
                    + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()), e);
        }
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        JsonNode item;
        if (first != null) {
            item = first;
            first = null;
        } else {
            try {
                item = items.nextValue();
            } catch (IOException e) {
                throw new FileFormatException("The batch is not valid JSON at item " + (rowNumber + 1), e);
            }
        }
        rowNumber++;
        if (!item.isObject()) {
            return new SourceRow(rowNumber, List.of(item.toString()), new ParseProblem("PARSE-003",
                    "Item is a JSON " + item.getNodeType().name().toLowerCase() + ", not an object",
                    "Send each row as an object of field names to values"));
        }
        List<String> values = new ArrayList<>(header.size());
        for (String key : header) {
            values.add(text(item.get(key)));
        }
        return SourceRow.ok(rowNumber, values);
    }

    /** Scalars as a person would write them (no 1.0E+2, no quotes), anything nested as JSON. */
    private static String text(JsonNode value) {
        if (value == null || value.isNull()) {
            return "";
        }
        if (value.isBigDecimal()) {
            return value.decimalValue().stripTrailingZeros().toPlainString();
        }
        return value.isValueNode() ? value.asText() : value.toString();
    }

    @Override
    public void close() throws IOException {
        items.close();
        counter.close();
    }
}
