package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Customers imported from an Excel workbook (.xlsx), as a business has its customer list: the first sheet, each cell as
 * the sheet shows it (a phone typed as a number in a General cell is its digits), rows numbered as the sheet numbers
 * them (an empty row between counts), refused the same way as a CSV file's. A file that is no workbook, or a small one
 * that would unpack to gigabytes, is refused and changes nothing. The import took CSV only, and a workbook was refused
 * with "save it as CSV UTF-8": one more step for every business whose list is in Excel.
 */
class CustomerImportXlsxTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Workbook Co");
    }

    /** A workbook of rows of cells: a String is a text cell, a Number a numeric one (General format), null no cell. */
    static byte[] workbook(Object[]... rows) throws IOException {
        try (var book = new XSSFWorkbook(); var out = new ByteArrayOutputStream()) {
            var sheet = book.createSheet("Customers");
            for (int r = 0; r < rows.length; r++) {
                if (rows[r] == null) {
                    continue; // an empty row of the sheet
                }
                var row = sheet.createRow(r);
                for (int c = 0; c < rows[r].length; c++) {
                    var v = rows[r][c];
                    if (v instanceof String s) {
                        row.createCell(c).setCellValue(s);
                    } else if (v instanceof Number n) {
                        row.createCell(c).setCellValue(n.doubleValue());
                    }
                }
            }
            book.createSheet("Other").createRow(0).createCell(0).setCellValue("not read");
            book.write(out);
            return out.toByteArray();
        }
    }

    @Test
    void aWorkbooksFirstSheetIsImportedAsItShowsAndItsRowsNumberedAsTheSheetNumbersThem() throws IOException {
        var file = workbook(
                new Object[] {"Customer Name", "Mobile", "E-mail", "Notes"},
                new Object[] {"Ana Ruiz", 3125550181L, "ana@example.com"},
                null,
                new Object[] {"Ben Ode", "(312) 555-0182", null, "Gate code 4411"},
                new Object[] {"Cy Park", "not a number"});
        var refused = owner.upload("/api/v1/customers/import", "file", "customers.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.json().get("errors")).hasSize(1);
        assertThat(refused.json().at("/errors/0/row").asInt()).as("row 5 of the sheet: the empty row 3 counts").isEqualTo(5);
        assertThat(refused.json().at("/errors/0/message").asString()).startsWith("row 5, column Mobile: ");
        assertThat(owner.get("/api/v1/customers").json()).isEmpty();

        var imported = owner.upload("/api/v1/customers/import?skip_invalid=true", "file", "customers.xlsx",
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", file);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        var ana = owner.get("/api/v1/customers/lookup?number=%2B13125550181").json();
        assertThat(ana.findValuesAsString("name")).as("a number cell is its digits").containsExactly("Ana Ruiz");
        assertThat(ana.findValuesAsString("email")).containsExactly("ana@example.com");
        var ben = owner.get("/api/v1/customers/lookup?number=%2B13125550182").json();
        assertThat(ben.findValuesAsString("notes")).containsExactly("Gate code 4411");

        // The page takes it too.
        var web = webLogin(owner.email(), "correct-horse");
        var page = web.postFile("/customers/import", "file", "more.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                workbook(new Object[] {"Name", "Phone"}, new Object[] {"Dee Lane", 3125550183L}));
        assertThat(page.status()).as(page.body()).isEqualTo(302);
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550183").json().findValuesAsString("name")).containsExactly("Dee Lane");
    }

    @Test
    void aFileThatIsNoWorkbookOrUnpacksToFarTooMuchIsRefusedAndChangesNothing() throws IOException {
        var notAWorkbook = new byte[] {'P', 'K', 3, 4, 1, 2, 3, 4, 5, 6, 7, 8};
        var refused = owner.upload("/api/v1/customers/import", "file", "customers.xlsx", "application/octet-stream", notAWorkbook);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("this file is not a workbook this import reads");

        // A zip of a few hundred KB whose one entry unpacks to 200 MB: refused by the inflate ratio, not read.
        var bomb = new ByteArrayOutputStream();
        try (var zip = new java.util.zip.ZipOutputStream(bomb)) {
            zip.putNextEntry(new java.util.zip.ZipEntry("xl/worksheets/sheet1.xml"));
            var zeros = new byte[1 << 20];
            for (int i = 0; i < 200; i++) {
                zip.write(zeros);
            }
            zip.closeEntry();
        }
        assertThat(bomb.size()).isLessThan(1 << 20);
        var bombed = owner.upload("/api/v1/customers/import", "file", "customers.xlsx", "application/octet-stream", bomb.toByteArray());
        assertThat(bombed.status()).as(bombed.body()).isEqualTo(422);
        assertThat(bombed.body()).contains("this file is not a workbook this import reads");
        assertThat(owner.get("/api/v1/customers").json()).isEmpty();
    }
}
