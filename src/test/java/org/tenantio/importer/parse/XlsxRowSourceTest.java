package org.tenantio.importer.parse;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** XlsxRowSource against POI's own test workbooks (Apache-2.0, see resources/xlsx) and generated ones. */
class XlsxRowSourceTest {

    static final Path DATA = Path.of("src/test/resources/xlsx");
    static final int MAX_COLUMNS = 100;

    @TempDir
    Path tmp;

    // --- 1 + 2: header detection and value normalisation on a generated workbook ---

    @Test
    void skipsTitleRowsAndNormalisesValues() throws Exception {
        Path file = tmp.resolve("report.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(10)) {
            Sheet sheet = wb.createSheet("Report");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
            CellStyle dateTime = wb.createCellStyle();
            dateTime.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy hh:mm"));
            CellStyle money = wb.createCellStyle();
            money.setDataFormat(wb.createDataFormat().getFormat("#,##0.00"));
            sheet.createRow(0).createCell(0).setCellValue("Quarterly import");
            sheet.createRow(1).createCell(0).setCellValue("Prepared by finance");
            Row header = sheet.createRow(2);
            List.of("Id", "Booked on", "Price", "Double", "Note", "Paid")
                    .forEach(h -> header.createCell(header.getPhysicalNumberOfCells()).setCellValue(h));
            Row first = sheet.createRow(3);
            first.createCell(0).setCellValue(1);
            cell(first, 1, date).setCellValue(LocalDate.of(2024, 3, 5));
            cell(first, 2, money).setCellValue(0.1 + 0.2);
            Cell doubled = first.createCell(3);
            doubled.setCellFormula("A4*2");
            doubled.setCellValue(2);
            first.createCell(4).setCellValue("first");
            first.createCell(5).setCellValue(false);
            Row row5 = sheet.createRow(4); // Excel row 5, so A5 is the 42
            row5.createCell(0).setCellValue(42);
            cell(row5, 1, dateTime).setCellValue(LocalDateTime.of(2024, 3, 5, 14, 30));
            cell(row5, 2, money).setCellValue(3.50);
            Cell formula = row5.createCell(3);
            formula.setCellFormula("A5*2");
            formula.setCellValue(84); // the cached value a saved workbook carries
            cell(row5, 4, money); // styled but empty: the middle cell
            row5.createCell(5).setCellValue(true);
            sheet.createRow(5);
            cell(sheet.createRow(6), 2, money);
            sheet.createRow(7).createCell(4).setCellValue("");
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
        }

        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Id", "Booked on", "Price", "Double", "Note", "Paid");
            assertThat(source.bytesRead()).isEqualTo(-1);

            SourceRow one = source.next();
            assertThat(one.rowNumber()).isEqualTo(1);
            assertThat(one.values()).containsExactly("1", "2024-03-05", "0.3", "2", "first", "FALSE");

            SourceRow two = source.next();
            assertThat(two.rowNumber()).isEqualTo(2);
            assertThat(two.malformed()).isFalse();
            assertThat(two.values().get(0)).isEqualTo("42");
            assertThat(two.values().get(1)).isEqualTo("2024-03-05T14:30:00");
            assertThat(two.values().get(2)).isEqualTo("3.5");
            assertThat(two.values().get(3)).isEqualTo("84");
            assertThat(two.values().get(4)).isEmpty();
            assertThat(two.values().get(5)).isEqualTo("TRUE");

            assertThat(source.hasNext()).as("the three trailing empty rows are not rows").isFalse();
            source.close(); // closing twice (again by try-with-resources) is harmless
            assertThat(source.hasNext()).isFalse();
        }
    }

    @Test
    void readsDatesOfThe1904DateSystem() throws Exception {
        Map<Long, List<String>> rows = readAll(DATA.resolve("DateFormatTests.xlsx"), SheetSelector.named("Tests"));

        assertThat(rows).hasSize(45);
        assertThat(rows.get(1L)).containsExactly("11-10-52", "d-m-y", "1952-10-11T14:35:27", "Date");
        assertThat(rows.get(20L)).containsExactly("1-2-03", "d-m-y", "2003-02-01T04:05:06", "Date");
        assertThat(rows.get(40L)).containsExactly("01-01-2025", "dd-mm-yyyy", "2025-01-01", "Date");
        assertThat(rows.get(45L).get(2)).isEqualTo("1952-10-11T14:35:27");
    }

    @Test
    void firstVisibleSheetOfDateFormatTestsIsFlagsAndIndexSelectsTests() throws Exception {
        Path file = DATA.resolve("DateFormatTests.xlsx");
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Flag Name", "Value", "Description");
            assertThat(source.next().values()).containsExactly("Title", "Date Format Tests", "");
            assertThat(source.next().values())
                    .containsExactly("Categories", "", "Run only tests that have this category");
        }
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.at(1), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Result (expected)", "Format", "Value", "Categories");
        }
    }

    @Test
    void readsInlineStringsAndCachedFormulaValues() throws Exception {
        Path file = DATA.resolve("InlineStrings.xlsx");
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Numbers", "Strings", "Inline Strings", "Formulas");
        }
        assertThat(readAll(file, SheetSelector.firstVisible()).values()).containsExactly(
                List.of("12", "A", "1st Inline String", "12"),
                List.of("32", "B", "2nd Inline String", "44"),
                List.of("43", "C", "More", "31"),
                List.of("42", "ABCDE", "B", "30"),
                List.of("22", "Long Text", "And More", "10"),
                List.of("21", "Longer Text", "The End", "9"));
        try (XlsxRowSource empty = new XlsxRowSource(file, SheetSelector.named("Sheet2"), MAX_COLUMNS)) {
            assertThat(empty.header()).isEmpty();
            assertThat(empty.hasNext()).isFalse();
        }
    }

    @Test
    void readsAWorkbookWithoutSharedStrings() throws Exception {
        // Its only row (a date and 123 shown as "123.00") becomes the header.
        try (XlsxRowSource source = new XlsxRowSource(DATA.resolve("noSharedStringTable.xlsx"),
                SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("2006-04-12", "123");
            assertThat(source.hasNext()).isFalse();
        }
    }

    @Test
    void readsTwoSideBySideExcelTablesAsOneTableWithNamedGapColumns() throws Exception {
        Path file = DATA.resolve("ExcelTables.xlsx");
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly(
                    "Name", "Age", "AgeGroup", "column_4", "column_5", "column_6", "Name", "Age", "AgeGroup");
        }
        assertThat(readAll(file, SheetSelector.firstVisible()).values()).containsExactly(
                List.of("Anton", "44", "4", "", "", "", "Anton", "44", "4"),
                List.of("Bertha", "33", "3", "", "", "", "Bertha", "33", "3"),
                List.of("Cäsar", "21", "2", "", "", "", "Cäsar", "21", "2"));
    }

    // --- 3: merged / empty header cells ---

    @Test
    void toMergeFileHasItsHeaderOnRow10FromColumnGwAndNoDataRows() throws Exception {
        // No merged region in it: 9 empty rows, the header in GW10:GY10, then 17 rows of bordered blank cells.
        try (XlsxRowSource source = new XlsxRowSource(DATA.resolve("62629_toMerge.xlsx"),
                SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("1/2 CHEST", "A", "G");
            assertThat(source.hasNext()).isFalse();
        }
    }

    @Test
    void namesAnEmptyOrMergedHeaderCellByItsPosition() throws Exception {
        Path file = tmp.resolve("merged.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook()) {
            Sheet sheet = wb.createSheet("Sales");
            sheet.createRow(0).createCell(0).setCellValue("Sales by region");
            Row header = sheet.createRow(1);
            header.createCell(0).setCellValue("Region");
            header.createCell(1).setCellValue("Amount");
            header.createCell(3).setCellValue("Currency");
            sheet.addMergedRegion(new CellRangeAddress(1, 1, 1, 2)); // "Amount" spans B2:C2
            Row data = sheet.createRow(2);
            data.createCell(0).setCellValue("North");
            data.createCell(1).setCellValue(10);
            data.createCell(2).setCellValue(12);
            data.createCell(3).setCellValue("EUR");
            write(wb, file);
        }

        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Region", "Amount", "column_3", "Currency");
            assertThat(source.next().values()).containsExactly("North", "10", "12", "EUR");
        }
    }

    @Test
    void flagsAValueOutsideTheTableColumnsAsParse001() throws Exception {
        Path file = tmp.resolve("stray.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook()) {
            Sheet sheet = wb.createSheet("Data");
            Row header = sheet.createRow(0);
            header.createCell(0).setCellValue("Code");
            header.createCell(1).setCellValue("Qty");
            for (int r = 1; r <= 30; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue("C" + r);
                row.createCell(1).setCellValue(r);
            }
            sheet.getRow(30).createCell(5).setCellValue("checked by Ann");
            write(wb, file);
        }

        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            SourceRow last = null;
            while (source.hasNext()) {
                last = source.next();
            }
            assertThat(last.rowNumber()).isEqualTo(30);
            assertThat(last.values()).containsExactly("C30", "30");
            assertThat(last.problem().ruleCode()).isEqualTo("PARSE-001");
            assertThat(last.problem().message()).contains("column F", "A:B");
        }
    }

    // --- sheet selection ---

    @Test
    void defaultsToTheFirstVisibleSheetAndSelectsAHiddenOneByName() throws Exception {
        Path file = DATA.resolve("TwoSheetsOneHidden.xlsx");
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Sheet2A1");
        }
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.named("Sheet1"), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Sheet1A1");
        }
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.at(0), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("Sheet1A1");
        }
    }

    @Test
    void unknownSheetNameOrIndexNamesTheSheetsThatExist() {
        Path file = DATA.resolve("TwoSheetsOneHidden.xlsx");
        assertThatThrownBy(() -> new XlsxRowSource(file, SheetSelector.named("Totals"), MAX_COLUMNS))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("no sheet named 'Totals'")
                .hasMessageContaining("'Sheet1' (hidden), 'Sheet2'");
        assertThatThrownBy(() -> new XlsxRowSource(file, SheetSelector.at(2), MAX_COLUMNS))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("no sheet at index 2")
                .hasMessageContaining("'Sheet1' (hidden), 'Sheet2'");
    }

    @Test
    void selectsASheetByItsUnicodeName() throws Exception {
        Map<Long, List<String>> rows = readAll(DATA.resolve("unicodeSheetName.xlsx"), SheetSelector.named("Sheet・1"));
        assertThat(rows).hasSize(8);
        assertThat(rows.get(1L)).containsExactly("2");
        assertThat(rows.get(8L)).containsExactly("9");
        try (XlsxRowSource source = new XlsxRowSource(DATA.resolve("unicodeSheetName.xlsx"),
                SheetSelector.named("Sheet・1"), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("1");
        }
    }

    // --- 4: too many columns ---

    @Test
    void refusesAHeaderWiderThanTheLimit() throws Exception {
        Path file = tmp.resolve("wide.xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook()) {
            Row header = wb.createSheet("Wide").createRow(0);
            for (int c = 0; c < 6; c++) {
                header.createCell(c).setCellValue("c" + c);
            }
            write(wb, file);
        }

        assertThatThrownBy(() -> new XlsxRowSource(file, SheetSelector.firstVisible(), 5))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("Sheet 'Wide' in wide.xlsx has 6 columns; the limit is 5");
    }

    // --- 5: not an xlsx, zip bombs, broken XML ---

    @Test
    void refusesFilesThatAreNotXlsx() throws Exception {
        Path csv = tmp.resolve("people.xlsx");
        Files.writeString(csv, "name,age\nAnn,41\n");
        Path noise = tmp.resolve("noise.xlsx");
        byte[] bytes = new byte[4096];
        new Random(7).nextBytes(bytes);
        Files.write(noise, bytes);

        for (Path file : List.of(csv, noise)) {
            assertThatThrownBy(() -> new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS))
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageStartingWith(file.getFileName() + " is not a valid .xlsx file");
        }
        assertThatThrownBy(() -> new XlsxRowSource(tmp.resolve("missing.xlsx"), SheetSelector.firstVisible(), 5))
                .isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void refusesAZipBomb() throws Exception {
        Path file = tmp.resolve("bomb.xlsx");
        byte[] spaces = " ".repeat(1 << 20).getBytes(StandardCharsets.US_ASCII);
        writeMinimalXlsx(file, out -> {
            out.write(SHEET_START.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 50; i++) {
                out.write(spaces); // 50 MB of whitespace, compressed about 1000:1
            }
            out.write(SHEET_END.getBytes(StandardCharsets.UTF_8));
        });
        assertThat(Files.size(file)).isLessThan(1 << 20);

        assertThatThrownBy(() -> new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("bomb.xlsx was refused: it looks like a zip bomb");
    }

    @Test
    void brokenSheetXmlAfterTheHeaderScanSurfacesFromHasNext() throws Exception {
        Path file = tmp.resolve("broken.xlsx");
        writeMinimalXlsx(file, out -> {
            StringBuilder xml = new StringBuilder(SHEET_START);
            for (int r = 1; r <= 30; r++) {
                xml.append("<row r=\"").append(r).append("\"><c r=\"A").append(r).append("\" t=\"inlineStr\"><is><t>v")
                        .append(r).append("</t></is></c><c r=\"B").append(r).append("\"><v>").append(r)
                        .append("</v></c></row>");
            }
            xml.append("<row r=\"31\"><c r=\"A31\"><v>1</v></row>"); // mismatched end tag
            out.write(xml.toString().getBytes(StandardCharsets.UTF_8));
        });

        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            assertThat(source.header()).containsExactly("v1", "1");
            long read = 0;
            while (read < 29) {
                assertThat(source.next().values()).containsExactly("v" + (read + 2), String.valueOf(read + 2));
                read++;
            }
            assertThatThrownBy(source::hasNext)
                    .isInstanceOf(FileFormatException.class)
                    .hasMessageStartingWith("Sheet 'Data' could not be read after data row 29");
        }
    }

    @Test
    void refusesAnXmlEntityBombWithoutExpandingIt() throws Exception {
        Path file = tmp.resolve("laughs.xlsx");
        writeMinimalXlsx(file, out -> {
            StringBuilder dtd = new StringBuilder("<?xml version=\"1.0\"?><!DOCTYPE worksheet [<!ENTITY l0 \"lol\">");
            for (int i = 1; i <= 10; i++) {
                dtd.append("<!ENTITY l").append(i).append(" \"").append(("&l" + (i - 1) + ";").repeat(10)).append("\">");
            }
            dtd.append("]>");
            String sheet = SHEET_START.replaceFirst("^<\\?xml[^>]*>", "");
            out.write((dtd + sheet + "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&l10;</t></is></c>"
                    + "<c r=\"B1\" t=\"inlineStr\"><is><t>b</t></is></c></row>" + SHEET_END).getBytes(StandardCharsets.UTF_8));
        });

        assertThatThrownBy(() -> {
            try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
                source.forEachRemaining(r -> { });
            }
        }).isInstanceOf(FileFormatException.class);
    }

    // --- 6: strict OOXML ---

    @Test
    void refusesStrictOoxml() {
        assertThatThrownBy(() -> new XlsxRowSource(DATA.resolve("SampleSS.strict.xlsx"),
                SheetSelector.firstVisible(), MAX_COLUMNS))
                .isInstanceOf(FileFormatException.class)
                .hasMessageContaining("SampleSS.strict.xlsx is a Strict Open XML spreadsheet, which is not supported");
    }

    // --- large sheets stream ---

    @Test
    void streamsA200000RowSheet() throws Exception {
        Path file = tmp.resolve("big.xlsx");
        int rows = 200_000;
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100)) {
            Sheet sheet = wb.createSheet("Big");
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("yyyy-mm-dd"));
            Row header = sheet.createRow(0);
            List.of("id", "name", "day", "amount", "active", "note")
                    .forEach(h -> header.createCell(header.getPhysicalNumberOfCells()).setCellValue(h));
            LocalDate start = LocalDate.of(2020, 1, 1);
            for (int r = 1; r <= rows; r++) {
                Row row = sheet.createRow(r);
                row.createCell(0).setCellValue(r);
                row.createCell(1).setCellValue("name " + r);
                cell(row, 2, date).setCellValue(start.plusDays(r % 1000));
                row.createCell(3).setCellValue(r / 4.0);
                row.createCell(4).setCellValue(r % 2 == 0);
                row.createCell(5).setCellValue("note");
            }
            write(wb, file);
        }

        long count = 0;
        SourceRow last = null;
        try (XlsxRowSource source = new XlsxRowSource(file, SheetSelector.firstVisible(), MAX_COLUMNS)) {
            while (source.hasNext()) {
                last = source.next();
                count++;
            }
        }
        assertThat(count).isEqualTo(rows);
        assertThat(last.rowNumber()).isEqualTo(rows);
        assertThat(last.values()).containsExactly("200000", "name 200000", "2020-01-01", "50000", "TRUE", "note");
    }

    // --- helpers ---

    private static Cell cell(Row row, int column, CellStyle style) {
        Cell cell = row.createCell(column);
        cell.setCellStyle(style);
        return cell;
    }

    private static void write(SXSSFWorkbook wb, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            wb.write(out);
        }
    }

    private static Map<Long, List<String>> readAll(Path file, SheetSelector sheet) throws IOException {
        Map<Long, List<String>> rows = new LinkedHashMap<>();
        try (XlsxRowSource source = new XlsxRowSource(file, sheet, MAX_COLUMNS)) {
            while (source.hasNext()) {
                SourceRow row = source.next();
                assertThat(row.malformed()).as("row %d", row.rowNumber()).isFalse();
                rows.put(row.rowNumber(), new ArrayList<>(row.values()));
            }
        }
        return rows;
    }

    static final String SHEET_START = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><worksheet "
            + "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
    static final String SHEET_END = "</sheetData></worksheet>";

    interface PartWriter {
        void write(OutputStream out) throws IOException;
    }

    /** The smallest .xlsx POI opens: one sheet named Data, no styles, no shared strings. */
    private static void writeMinimalXlsx(Path file, PartWriter sheet) throws IOException {
        String rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        Map<String, String> parts = new LinkedHashMap<>();
        parts.put("[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.sheet.main+xml\"/>"
                + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-"
                + "officedocument.spreadsheetml.worksheet+xml\"/></Types>");
        parts.put("_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                + "<Relationship Id=\"rId1\" Type=\"" + rels + "/officeDocument\" Target=\"xl/workbook.xml\"/>"
                + "</Relationships>");
        parts.put("xl/workbook.xml", "<workbook xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
                + "xmlns:r=\"" + rels + "\"><sheets><sheet name=\"Data\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
        parts.put("xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/"
                + "relationships\"><Relationship Id=\"rId1\" Type=\"" + rels + "/worksheet\" "
                + "Target=\"worksheets/sheet1.xml\"/></Relationships>");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            for (Map.Entry<String, String> part : parts.entrySet()) {
                zip.putNextEntry(new ZipEntry(part.getKey()));
                zip.write(part.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
            zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
            sheet.write(zip);
            zip.closeEntry();
        }
    }
}
