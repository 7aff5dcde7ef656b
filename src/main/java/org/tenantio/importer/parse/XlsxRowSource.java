package org.tenantio.importer.parse;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackageRelationshipTypes;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;

/**
 * Streams one sheet of an .xlsx file row by row, with a flat heap whatever the row count: the
 * sheet XML is pulled with StAX and only the shared-strings table and styles are held in memory.
 *
 * <p><b>Header.</b> Among the first 20 non-empty rows, the header is the first row holding at least
 * three quarters of the non-empty cells of the fullest of those rows ({@code most - most / 4});
 * rows above it (titles, notes) are skipped. The tolerance lets a header with a few unnamed
 * columns win over the fuller data rows below it. The table's columns run from the leftmost to
 * the rightmost non-empty cell of the header and of the rows after it among those 20; a later row
 * with a value outside them is returned with a PARSE-001 problem. Data rows are numbered from 1,
 * the first non-empty row after the header; empty rows are skipped and not counted.
 *
 * <p><b>Merged and empty header cells.</b> A streaming reader does not see merged regions (they
 * follow the cell data in the XML), so any empty header cell, merged or not, is named
 * {@code column_N}, N being its 1-based position in the header.
 *
 * <p><b>Values</b> are text as a user would type them, normalised: date-formatted numbers become
 * {@code yyyy-MM-dd}, or {@code yyyy-MM-dd'T'HH:mm:ss} with a time part, or {@code HH:mm:ss} for a
 * time alone (below one day), rounded to the second, honouring the 1904 date system; other
 * numbers are shown to Excel's 15 significant digits without trailing zeros or exponent (other
 * number formats such as percent or currency are ignored); booleans are TRUE/FALSE; formulas give
 * their cached value; error cells give their code (e.g. #N/A). Cells holding only whitespace count
 * as empty; missing cells are "" and rows are padded to the header width.
 *
 * <p>Strict OOXML workbooks are refused: POI's event API cannot find their parts.
 * {@link #bytesRead()} is -1: the file is a zip, so compressed bytes consumed are not observable.
 */
public final class XlsxRowSource implements RowSource {

    private static final int HEADER_SCAN_ROWS = 20;
    private static final MathContext EXCEL_PRECISION = new MathContext(15);
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final XMLInputFactory xml = XMLHelper.newXMLInputFactory(); // no DTDs or external entities
    private final String fileName;
    private final OPCPackage pkg;
    private final SharedStrings strings;
    private final StylesTable styles;
    private final Map<Integer, Boolean> dateStyles = new HashMap<>();
    private final Deque<TreeMap<Integer, String>> buffered = new ArrayDeque<>();
    private boolean date1904;
    private String sheetName;
    private InputStream sheetStream;
    private XMLStreamReader sheet;
    private List<String> header = List.of();
    private int firstColumn;
    private int width;
    private boolean finished;
    private boolean closed;
    private long rowNumber;

    // Pull-style StAX instead of XSSFSheetXMLHandler: it matches the Iterator contract with no
    // parser thread, hand-over queue or cross-thread error propagation, and gives us raw cell types.
    public XlsxRowSource(Path file, SheetSelector selector, int maxColumns) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString());
        }
        this.fileName = String.valueOf(file.getFileName());
        try {
            this.pkg = OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (Exception e) {
            throw failure("", e);
        }
        try {
            // XSSFReader would only say "not currently supported"; name the format for the user.
            if (!pkg.getRelationshipsByType(PackageRelationshipTypes.STRICT_CORE_DOCUMENT).isEmpty()) {
                throw new FileFormatException(fileName + " is a Strict Open XML spreadsheet, which is not "
                        + "supported; save it from Excel as \"Excel Workbook (.xlsx)\" and try again");
            }
            XSSFReader reader = new XSSFReader(pkg);
            this.strings = new ReadOnlySharedStringsTable(pkg, false);
            this.styles = reader.getStylesTable();
            String relationId = chooseSheet(reader, selector == null ? SheetSelector.firstVisible() : selector);
            this.sheetStream = reader.getSheet(relationId);
            this.sheet = xml.createXMLStreamReader(sheetStream);
            readHeader(maxColumns);
        } catch (Exception e) {
            closeQuietly();
            throw e instanceof FileFormatException ffe ? ffe : failure("", e);
        }
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public long bytesRead() {
        return -1;
    }

    @Override
    public boolean hasNext() {
        if (buffered.isEmpty() && !finished) {
            TreeMap<Integer, String> row = pull();
            if (row != null) {
                buffered.add(row);
            }
        }
        return !buffered.isEmpty();
    }

    @Override
    public SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        TreeMap<Integer, String> cells = buffered.poll();
        rowNumber++;
        String[] values = new String[width];
        Arrays.fill(values, "");
        String outside = null;
        for (Map.Entry<Integer, String> cell : cells.entrySet()) {
            int position = cell.getKey() - firstColumn;
            if (position >= 0 && position < width) {
                values[position] = cell.getValue();
            } else if (outside == null) {
                outside = CellReference.convertNumToColString(cell.getKey());
            }
        }
        if (outside != null) {
            return new SourceRow(rowNumber, List.of(values), new ParseProblem("PARSE-001",
                    "Row has a value in column " + outside + ", outside the table's columns "
                            + CellReference.convertNumToColString(firstColumn) + ":"
                            + CellReference.convertNumToColString(firstColumn + width - 1),
                    "Remove the stray value, or give its column a header"));
        }
        return SourceRow.ok(rowNumber, List.of(values));
    }

    @Override
    public void close() throws IOException {
        closeQuietly();
    }

    /** Reads workbook.xml for the sheet list, visibility and date system; returns the sheet's relation id. */
    private String chooseSheet(XSSFReader reader, SheetSelector selector) throws Exception {
        record Sheet(String name, String relationId, boolean visible) { }
        List<Sheet> sheets = new ArrayList<>();
        try (InputStream in = reader.getWorkbookData()) {
            XMLStreamReader workbook = xml.createXMLStreamReader(in);
            while (workbook.hasNext()) {
                if (workbook.next() != XMLStreamConstants.START_ELEMENT) {
                    continue;
                }
                if ("workbookPr".equals(workbook.getLocalName())) {
                    String flag = workbook.getAttributeValue(null, "date1904");
                    date1904 = "1".equals(flag) || "true".equalsIgnoreCase(flag);
                } else if ("sheet".equals(workbook.getLocalName())) {
                    String state = workbook.getAttributeValue(null, "state");
                    sheets.add(new Sheet(workbook.getAttributeValue(null, "name"), relationId(workbook),
                            state == null || "visible".equals(state)));
                }
            }
            workbook.close();
        }
        String existing = sheets.stream()
                .map(s -> "'" + s.name() + "'" + (s.visible() ? "" : " (hidden)"))
                .collect(Collectors.joining(", "));
        Sheet chosen;
        if (selector.name() != null) {
            chosen = sheets.stream().filter(s -> s.name().equalsIgnoreCase(selector.name())).findFirst()
                    .orElseThrow(() -> new FileFormatException(fileName + " has no sheet named '"
                            + selector.name() + "'; its sheets are " + existing));
        } else if (selector.index() != null) {
            if (selector.index() >= sheets.size()) {
                throw new FileFormatException(fileName + " has no sheet at index " + selector.index()
                        + " (counting from 0); its sheets are " + existing);
            }
            chosen = sheets.get(selector.index());
        } else {
            chosen = sheets.stream().filter(Sheet::visible).findFirst()
                    .orElseThrow(() -> new FileFormatException(fileName + " has no visible sheet; its sheets are "
                            + existing));
        }
        sheetName = chosen.name();
        return chosen.relationId();
    }

    // The r:id namespace differs between transitional and strict files; match on the local name.
    private static String relationId(XMLStreamReader element) {
        for (int i = 0; i < element.getAttributeCount(); i++) {
            if ("id".equals(element.getAttributeLocalName(i)) && !element.getAttributeNamespace(i).isEmpty()) {
                return element.getAttributeValue(i);
            }
        }
        throw new FileFormatException("Sheet '" + element.getAttributeValue(null, "name") + "' in the workbook "
                + "part has no relationship id");
    }

    private void readHeader(int maxColumns) {
        List<TreeMap<Integer, String>> scanned = new ArrayList<>();
        TreeMap<Integer, String> row;
        while (scanned.size() < HEADER_SCAN_ROWS && (row = pull()) != null) {
            scanned.add(row);
        }
        if (scanned.isEmpty()) {
            return;
        }
        int most = scanned.stream().mapToInt(Map::size).max().orElse(0);
        int headerAt = 0;
        while (scanned.get(headerAt).size() < most - most / 4) {
            headerAt++;
        }
        List<TreeMap<Integer, String>> table = scanned.subList(headerAt, scanned.size());
        firstColumn = table.stream().mapToInt(TreeMap::firstKey).min().orElseThrow();
        width = table.stream().mapToInt(TreeMap::lastKey).max().orElseThrow() - firstColumn + 1;
        if (width > maxColumns) {
            throw new FileFormatException("Sheet '" + sheetName + "' in " + fileName + " has " + width
                    + " columns; the limit is " + maxColumns);
        }
        List<String> names = new ArrayList<>(width);
        for (int i = 0; i < width; i++) {
            names.add(table.get(0).getOrDefault(firstColumn + i, "column_" + (i + 1)));
        }
        header = List.copyOf(names);
        buffered.addAll(table.subList(1, table.size()));
    }

    /** The next row with a non-blank cell, as column index to value, or null at the end of the sheet. */
    private TreeMap<Integer, String> pull() {
        try {
            while (!finished && sheet.hasNext()) {
                int event = sheet.next();
                if (event == XMLStreamConstants.START_ELEMENT && "row".equals(sheet.getLocalName())) {
                    TreeMap<Integer, String> cells = readCells();
                    if (!cells.isEmpty()) {
                        return cells;
                    }
                } else if (event == XMLStreamConstants.END_ELEMENT && "sheetData".equals(sheet.getLocalName())) {
                    break;
                }
            }
            finished = true;
            return null;
        } catch (Exception e) {
            finished = true;
            throw failure("Sheet '" + sheetName + "' could not be read after data row " + rowNumber + ": ", e);
        }
    }

    private TreeMap<Integer, String> readCells() throws XMLStreamException {
        TreeMap<Integer, String> cells = new TreeMap<>();
        int column = -1;
        while (true) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT && "c".equals(sheet.getLocalName())) {
                column = columnOf(sheet.getAttributeValue(null, "r"), column + 1);
                String type = sheet.getAttributeValue(null, "t");
                String style = sheet.getAttributeValue(null, "s");
                String value = readCell(type, style);
                if (!value.isBlank()) {
                    cells.put(column, value);
                }
            } else if (event == XMLStreamConstants.END_ELEMENT && "row".equals(sheet.getLocalName())) {
                return cells;
            }
        }
    }

    // Cells may omit their reference (it is optional in the schema); then they follow the previous one.
    private static int columnOf(String reference, int next) {
        if (reference == null) {
            return next;
        }
        int column = 0;
        for (int i = 0; i < reference.length() && Character.isLetter(reference.charAt(i)); i++) {
            column = column * 26 + Character.toUpperCase(reference.charAt(i)) - 'A' + 1;
        }
        return column - 1;
    }

    private String readCell(String type, String style) throws XMLStreamException {
        String raw = null;
        StringBuilder inline = null;
        boolean phonetic = false;
        while (true) {
            int event = sheet.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                switch (sheet.getLocalName()) {
                    case "v" -> raw = sheet.getElementText();
                    case "is" -> inline = new StringBuilder();
                    case "rPh" -> phonetic = true; // phonetic guides are not part of the visible text
                    case "t" -> {
                        String text = sheet.getElementText();
                        if (inline != null && !phonetic) {
                            inline.append(text);
                        }
                    }
                    default -> { }
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                if ("rPh".equals(sheet.getLocalName())) {
                    phonetic = false;
                } else if ("c".equals(sheet.getLocalName())) {
                    break;
                }
            }
        }
        if (inline != null) {
            return inline.toString();
        }
        if (raw == null) {
            return "";
        }
        return switch (type == null ? "n" : type) {
            case "s" -> strings.getItemAt(Integer.parseInt(raw.trim())).getString();
            case "b" -> "1".equals(raw.trim()) || "true".equalsIgnoreCase(raw.trim()) ? "TRUE" : "FALSE";
            case "n" -> number(raw.trim(), style);
            default -> raw; // str (formula text), e (error code), d (ISO date), inlineStr with a <v>
        };
    }

    private String number(String raw, String style) {
        if (raw.isEmpty()) {
            return "";
        }
        BigDecimal value = new BigDecimal(raw);
        double days = value.doubleValue();
        if (isDateStyle(style) && DateUtil.isValidExcelDate(days)) {
            LocalDateTime at = DateUtil.getLocalDateTime(days, date1904, true);
            if (days < 1) {
                return at.toLocalTime().format(TIME);
            }
            return at.toLocalTime().equals(LocalTime.MIDNIGHT) ? at.toLocalDate().toString() : at.format(DATE_TIME);
        }
        // Excel shows at most 15 significant digits: 0.30000000000000004 is 0.3 to the user.
        return value.round(EXCEL_PRECISION).stripTrailingZeros().toPlainString();
    }

    private boolean isDateStyle(String style) {
        if (styles == null) {
            return false;
        }
        int index = style == null ? 0 : Integer.parseInt(style);
        return dateStyles.computeIfAbsent(index, i -> {
            XSSFCellStyle cellStyle = i < styles.getNumCellStyles() ? styles.getStyleAt(i) : null;
            return cellStyle != null && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
        });
    }

    /** POI's exceptions name zip internals; say what is wrong with the file instead. */
    private FileFormatException failure(String context, Exception e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof FileFormatException ffe) {
                return ffe;
            }
            if (String.valueOf(cause.getMessage()).contains("Zip bomb detected")) {
                return new FileFormatException(fileName + " was refused: it looks like a zip bomb (a part of it "
                        + "expands to far more data than a spreadsheet of its size could hold)", e);
            }
        }
        String detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (context.isEmpty()) {
            return new FileFormatException(fileName + " is not a valid .xlsx file: " + detail, e);
        }
        return new FileFormatException(context + detail, e);
    }

    private void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        finished = true;
        buffered.clear();
        try {
            if (sheet != null) {
                sheet.close();
            }
            if (sheetStream != null) {
                sheetStream.close();
            }
        } catch (XMLStreamException | IOException ignored) {
            // Closing a read-only package cannot lose data; nothing useful to report.
        }
        if (pkg != null) {
            pkg.revert(); // close() on a READ package logs a warning and then reverts anyway
        }
    }
}
