package org.tenantio.importer.parse;

import org.tenantio.importer.system.ParseLimits;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Real-world CSV: other delimiters, encodings, padded values, broken rows, oversized input. */
class CsvDialectTest {

    static List<SourceRow> read(CsvRowSource source) throws IOException {
        List<SourceRow> rows = new ArrayList<>();
        try (source) {
            while (source.hasNext()) {
                rows.add(source.next());
            }
        }
        return rows;
    }

    static CsvRowSource csv(byte[] bytes) throws IOException {
        return new CsvRowSource(new ByteArrayInputStream(bytes));
    }

    static CsvRowSource csv(String text, Charset charset) throws IOException {
        return csv(text.getBytes(charset));
    }

    @Test
    void semicolonTabAndPipeDelimitersAreDetected() throws IOException {
        for (String d : List.of(";", "\t", "|")) {
            CsvRowSource source = csv("name" + d + "city" + d + "note\nAda" + d + "London" + d + "\"a, b\"\n", StandardCharsets.UTF_8);
            assertThat(source.dialect().delimiter()).isEqualTo(d.charAt(0));
            List<SourceRow> rows = read(source);
            assertThat(source.header()).containsExactly("name", "city", "note");
            assertThat(rows.get(0).values()).containsExactly("Ada", "London", "a, b");
        }
    }

    @Test
    void aDelimiterInsideQuotesDoesNotWinTheVote() {
        List<String> lines = List.of("a;b;c", "\"x,y,z,w\";2;3", "4;5;6");
        assertThat(CsvDialect.detectDelimiter(lines, '"')).isEqualTo(';');
    }

    @Test
    void singleQuotesAreDetectedAsTheQuoteCharacter() throws IOException {
        CsvRowSource source = csv("a,b\n'x, y',2\n'z',3\n", StandardCharsets.UTF_8);

        assertThat(source.dialect().quote()).isEqualTo('\'');
        assertThat(read(source).get(0).values()).containsExactly("x, y", "2");
    }

    @Test
    void utf8BomIsStrippedAndUtf16WithBomIsDecoded() throws IOException {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        CsvRowSource utf8 = csv(concat(bom, "name,city\nZoë,Zürich\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(utf8.header()).containsExactly("name", "city");
        assertThat(read(utf8).get(0).values()).containsExactly("Zoë", "Zürich");

        byte[] le = concat(new byte[] {(byte) 0xFF, (byte) 0xFE}, "name;city\r\nZoë;Zürich\r\n".getBytes(StandardCharsets.UTF_16LE));
        CsvRowSource utf16 = csv(le);
        assertThat(utf16.dialect().charset()).isEqualTo(StandardCharsets.UTF_16LE);
        assertThat(read(utf16).get(0).values()).containsExactly("Zoë", "Zürich");

        byte[] be = concat(new byte[] {(byte) 0xFE, (byte) 0xFF}, "a,b\n1,ß\n".getBytes(StandardCharsets.UTF_16BE));
        assertThat(read(csv(be)).get(0).values()).containsExactly("1", "ß");
    }

    @Test
    void windows1252IsRecognisedWhenTheBytesAreNotUtf8() throws IOException {
        CsvRowSource source = csv("name,price\nCafé Zoë,€5\n", Charset.forName("windows-1252"));

        assertThat(source.dialect().charset().name()).isEqualTo("windows-1252");
        assertThat(read(source).get(0).values()).containsExactly("Café Zoë", "€5");
    }

    @Test
    void febrlCommaSpaceSeparatedCrlfWithoutFinalNewlineImportsAsItIs() throws IOException {
        try (InputStream in = Files.newInputStream(Path.of("src/test/resources/febrl/dataset4a.csv"))) {
            CsvRowSource source = new CsvRowSource(in);
            List<SourceRow> rows = read(source);

            assertThat(source.dialect().trimSpaces()).isTrue();
            assertThat(source.header()).startsWith("rec_id", "given_name", "surname").hasSize(11);
            assertThat(rows).hasSize(5000).allMatch(r -> !r.malformed());
            assertThat(rows.get(0).values()).containsExactly("rec-1070-org", "michaela", "neumann", "8", "stanley street",
                    "miami", "winston hills", "4223", "nsw", "19151111", "5304218");
            assertThat(rows.get(4999).values().get(0)).startsWith("rec-");
        }
    }

    @Test
    void aRowWithBytesThatAreNotValidInTheFixedEncodingIsPARSE002() throws IOException {
        byte[] bytes = concat("a,b\nok,1\n".getBytes(StandardCharsets.UTF_8), new byte[] {'x', (byte) 0xC3, ',', '2', '\n'},
                "fine,3\nnul\u0000here,4\n".getBytes(StandardCharsets.UTF_8));
        CsvRowSource source = new CsvRowSource(new ByteArrayInputStream(bytes),
                new CsvDialect.Overrides(null, null, StandardCharsets.UTF_8), ParseLimits.DEFAULT);

        List<SourceRow> rows = read(source);

        assertThat(rows).extracting(r -> r.malformed() ? r.problem().ruleCode() : "ok")
                .containsExactly("ok", "PARSE-002", "ok", "PARSE-002");
        assertThat(rows.get(3).values().get(0)).doesNotContain("\u0000");
    }

    @Test
    void aQuoteLeftOpenAtTheEndQuarantinesOnlyThatRow() throws IOException {
        List<SourceRow> rows = read(csv("a,b\n1,2\n3,\"never closed\n4,5\n", StandardCharsets.UTF_8));

        assertThat(rows).hasSize(2);
        assertThat(rows.get(0).malformed()).isFalse();
        assertThat(rows.get(1).problem().ruleCode()).isEqualTo("PARSE-001");
        assertThat(rows.get(1).problem().message()).contains("never closed");
        assertThat(rows.get(1).rowNumber()).isEqualTo(2);
    }

    @Test
    void aRowLongerThanTheLimitFailsTheFileBeforeFillingTheHeap() throws IOException {
        String huge = "a,b\n1,\"" + "x".repeat(200_000) + "\"\n";
        CsvRowSource source = new CsvRowSource(new ByteArrayInputStream(huge.getBytes(StandardCharsets.UTF_8)),
                CsvDialect.Overrides.NONE, new ParseLimits(50_000, 10));

        assertThatThrownBy(() -> read(source)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("Data row 1 is too long").hasMessageContaining("50000 characters");
    }

    @Test
    void tooManyColumnsAreRefused() {
        String wide = String.join(",", java.util.Collections.nCopies(10_000, "c")) + "\n";

        assertThatThrownBy(() -> csv(wide, StandardCharsets.UTF_8)).isInstanceOf(FileFormatException.class)
                .hasMessageContaining("10000 columns; the limit is 1000");
    }

    @Test
    void anEmptyFileHasNoHeader() throws IOException {
        assertThat(csv(new byte[0]).header()).isEmpty();
    }

    private static byte[] concat(byte[]... parts) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }
}
