package org.tenantio.importer.intake;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.tenantio.importer.support.Api;
import org.tenantio.importer.support.ApiIntegrationTest;
import org.tenantio.importer.support.TestFolders;

/** Excel workbooks through both doors, told apart from CSV by content; a large one with a small heap. */
class ExcelImportIT extends ApiIntegrationTest {

    @org.springframework.beans.factory.annotation.Autowired
    org.tenantio.importer.crypto.PersonalData personal;

    static final String[] HEADER = {"external_id", "first_name", "last_name", "email", "phone", "date_of_birth", "postal_code"};

    @Autowired
    org.tenantio.importer.pipeline.PipelineRepository pipelines;

    /** A sheet with a title row and a blank row above the header, as spreadsheets exported for people have. */
    /** r in base 26 as letters: a, b, ..., z, ba, bb, ... (names without digits). */
    static String letters(int r) {
        StringBuilder s = new StringBuilder();
        do {
            s.insert(0, (char) ('a' + r % 26));
            r /= 26;
        } while (r > 0);
        return s.toString();
    }

    static Path workbook(Path file, int rows) throws IOException {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100); OutputStream out = Files.newOutputStream(file)) {
            CellStyle date = wb.createCellStyle();
            date.setDataFormat(wb.createDataFormat().getFormat("dd/mm/yyyy"));
            Sheet sheet = wb.createSheet("Volunteers");
            sheet.createRow(0).createCell(0).setCellValue("Volunteer export, November");
            Row header = sheet.createRow(2);
            for (int i = 0; i < HEADER.length; i++) {
                header.createCell(i).setCellValue(HEADER[i]);
            }
            for (int r = 0; r < rows; r++) {
                Row row = sheet.createRow(3 + r);
                row.createCell(0).setCellValue("X-" + r);
                // distinct people: this test is about streaming a workbook, not about look-alikes
                row.createCell(1).setCellValue("Ada" + letters(r));
                row.createCell(2).setCellValue("Love" + letters(r / 7));
                row.createCell(3).setCellValue("ada" + r + "@example.org");
                row.createCell(5).setCellValue(LocalDate.of(1985, 12, 10).plusDays(r % 300));
                row.getCell(5).setCellStyle(date);
                row.createCell(6).setCellValue(2000 + r % 100); // a number: must not come out as 2000.0
            }
            wb.write(out);
            wb.dispose();
        }
        return file;
    }

    @Test
    void anUploadedWorkbookMapsWithDatesAsIsoAndNumbersWithoutDecimals() throws IOException {
        Path file = workbook(Files.createTempFile(TestFolders.ROOT, "vol", ".xlsx"), 3);

        Api.Response started = api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(3);
        Map<String, Object> first = jdbc.queryForMap("""
                SELECT c.attributes ->> 'date_of_birth' AS dob, c.attributes ->> 'postal_code' AS postcode
                  FROM external_id_map m JOIN core_records c ON c.id = m.core_id
                 WHERE m.tenant_id = ? AND m.external_id = 'X-0'""", tenant.id());
        assertThat(org.tenantio.importer.support.Opened.row(personal, first)).containsEntry("dob", "1985-12-10").containsEntry("postcode", "2000");
    }

    @Test
    void aWorkbookDroppedUnderACsvNameIsReadAsTheWorkbookItIs() throws Exception {
        Path folder = Files.createDirectories(TestFolders.inbox().resolve(tenant.code()).resolve("volunteers"));
        Path staged = workbook(Files.createTempFile(TestFolders.ROOT, "vol", ".tmp"), 2);
        Files.move(staged, folder.resolve("looks-like.csv"));

        String runId = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForList(
                "SELECT id::text FROM runs WHERE tenant_id = ?", String.class, tenant.id()), l -> l.size() == 1).get(0);
        JsonNode run = api.awaitRun(runId, tenant.adminKey());

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(2);
    }

    @Test
    void aPipelineChoosesTheSheetByName() throws IOException {
        pipelines.create(tenant.id(), new org.tenantio.importer.pipeline.Pipeline(null, tenant.id(), "sheets", "s", "import",
                java.util.List.of("xlsx"), "person", "shared/volunteers.yaml", "active", Map.of("sheet", "people")),
                "test", "test");
        Path file = Files.createTempFile(TestFolders.ROOT, "two", ".xlsx");
        try (SXSSFWorkbook wb = new SXSSFWorkbook(); OutputStream out = Files.newOutputStream(file)) {
            Row notes = wb.createSheet("Notes").createRow(0);
            notes.createCell(0).setCellValue("first_name");
            notes.createCell(1).setCellValue("last_name");
            Sheet people = wb.createSheet("People");
            String[][] rows = {{"external_id", "first_name", "last_name", "email"}, {"S-1", "Ada", "Lovelace", "ada@example.org"}};
            for (int r = 0; r < rows.length; r++) {
                Row row = people.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    row.createCell(c).setCellValue(rows[r][c]);
                }
            }
            wb.write(out);
            wb.dispose();
        }

        Api.Response started = api.postFile("/api/v1/pipelines/sheets/runs", tenant.adminKey(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
        JsonNode run = api.awaitRun(started.json().get("id").asText(), tenant.adminKey());

        assertThat(run.get("status").asText()).as(run.toString()).isEqualTo("completed");
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(1);
    }

    @Test
    void aLargeWorkbookImportsInChunksWithoutHoldingTheSheet() throws IOException {
        int rows = 200_000;
        Path file = workbook(Files.createTempFile(TestFolders.ROOT, "big", ".xlsx"), rows);
        // This test is about streaming a workbook under a small heap: matching (about ten times the
        // cost per row, see docs/benchmarks.md) is off for it.
        jdbc.update("UPDATE pipelines SET options = options || '{\"matching\": \"off\"}' WHERE tenant_id = ? AND code = 'volunteers'",
                tenant.id());

        Api.Response started = api.postFile("/api/v1/pipelines/volunteers/runs", tenant.adminKey(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
        JsonNode run = api.awaitRunWithin(started.json().get("id").asText(), tenant.adminKey(), Duration.ofMinutes(10));

        assertThat(run.get("status").asText()).isEqualTo("completed");
        assertThat(run.get("counts").get("read").asLong()).isEqualTo(rows);
        assertThat(run.get("counts").get("inserted").asLong()).isEqualTo(rows);
        // mvn verify runs the tests with -Xmx256m (pom.xml test.heap): this import fits in it.
        assertThat(Runtime.getRuntime().maxMemory()).isLessThanOrEqualTo(256L << 20);
    }
}
