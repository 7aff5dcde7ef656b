package org.tenantio.importer.parse;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * How a CSV file is written: encoding, delimiter, quote character, and whether values are
 * padded with spaces after the delimiter. Detected from the first bytes when the pipeline
 * does not fix them, the way a person would: by looking.
 */
public record CsvDialect(Charset charset, int bomLength, char delimiter, char quote, boolean trimSpaces) {

    static final Charset WINDOWS_1252 = Charset.forName("windows-1252");
    private static final List<Character> DELIMITERS = List.of(',', ';', '\t', '|');
    private static final int SAMPLE_LINES = 20;

    /** Settings a pipeline may fix; null means detect. */
    public record Overrides(Character delimiter, Character quote, Charset charset) {
        public static final Overrides NONE = new Overrides(null, null, null);
    }

    public static CsvDialect detect(byte[] sample, int length, Overrides fixed) {
        int bom = 0;
        Charset charset;
        if (startsWith(sample, length, 0xEF, 0xBB, 0xBF)) {
            charset = StandardCharsets.UTF_8;
            bom = 3;
        } else if (startsWith(sample, length, 0xFF, 0xFE)) {
            charset = StandardCharsets.UTF_16LE;
            bom = 2;
        } else if (startsWith(sample, length, 0xFE, 0xFF)) {
            charset = StandardCharsets.UTF_16BE;
            bom = 2;
        } else {
            charset = isUtf8(sample, length) ? StandardCharsets.UTF_8 : WINDOWS_1252;
        }
        if (fixed.charset() != null) {
            charset = fixed.charset();
        }
        String text = new String(sample, bom, Math.max(0, length - bom), charset);
        List<String> lines = Arrays.stream(text.split("\r\n|\n|\r", SAMPLE_LINES + 1)).limit(SAMPLE_LINES)
                .filter(l -> !l.isBlank()).toList();
        if (lines.size() > 1 && length == sample.length) {
            lines = lines.subList(0, lines.size() - 1); // the last sampled line may be cut short
        }
        char quote = fixed.quote() != null ? fixed.quote() : detectQuote(lines);
        char delimiter = fixed.delimiter() != null ? fixed.delimiter() : detectDelimiter(lines, quote);
        boolean trim = paddedAfterDelimiter(lines, delimiter);
        return new CsvDialect(charset, bom, delimiter, quote, trim);
    }

    /** The delimiter that splits the sampled lines into the same, largest number of fields. */
    static char detectDelimiter(List<String> lines, char quote) {
        char best = ',';
        double bestScore = 0;
        for (char d : DELIMITERS) {
            int[] counts = lines.stream().mapToInt(l -> countOutsideQuotes(l, d, quote)).toArray();
            int first = counts.length == 0 ? 0 : counts[0];
            if (first == 0) {
                continue;
            }
            long consistent = Arrays.stream(counts).filter(c -> c == first).count();
            double score = first * ((double) consistent / counts.length);
            if (score > bestScore) {
                bestScore = score;
                best = d;
            }
        }
        return best;
    }

    static char detectQuote(List<String> lines) {
        long doubleQuoted = lines.stream().filter(l -> l.contains("\"")).count();
        long singleQuoted = lines.stream().filter(l -> l.matches("(^|.*[,;\\t|])'[^']*'([,;\\t|].*|$)")).count();
        return singleQuoted > doubleQuoted ? '\'' : '"';
    }

    /** FEBRL-style files put a space after every delimiter: values then need trimming. */
    static boolean paddedAfterDelimiter(List<String> lines, char delimiter) {
        String padded = String.valueOf(delimiter) + ' ';
        long withPadding = lines.stream().filter(l -> l.contains(padded)).count();
        long bare = lines.stream().filter(l -> l.matches(".*" + java.util.regex.Pattern.quote(String.valueOf(delimiter)) + "[^ ].*")).count();
        return delimiter != ' ' && withPadding > 0 && withPadding == lines.size() && bare == 0;
    }

    private static int countOutsideQuotes(String line, char d, char quote) {
        int count = 0;
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == quote) {
                quoted = !quoted;
            } else if (c == d && !quoted) {
                count++;
            }
        }
        return count;
    }

    private static boolean isUtf8(byte[] sample, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(sample, 0, length);
        CharBuffer out = CharBuffer.allocate(length + 1);
        // Not end-of-input when the sample filled its buffer: a character cut off there is not an error.
        return !decoder.decode(in, out, length < sample.length).isError();
    }

    private static boolean startsWith(byte[] b, int length, int... prefix) {
        if (length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((b[i] & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Decoding errors become U+FFFD, so the rows that have them can be quarantined (PARSE-002). */
    public CharsetDecoder decoder() {
        return charset.newDecoder().onMalformedInput(CodingErrorAction.REPLACE).onUnmappableCharacter(CodingErrorAction.REPLACE);
    }
}
