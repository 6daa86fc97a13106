package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Every problem of a customer file names the row as the person's spreadsheet shows it, row 1 being the file's first
 * line: blank rows above the header (a table saved lower down its sheet) count, as a note over several lines counts
 * once. They used to be dropped before the rows were numbered, so every row was named some rows too high; and a file
 * not in UTF-8 was refused naming a line of text, which is no row once a note has two lines.
 */
class CustomerImportRowNumbersTest extends IntegrationTest {

    @Test
    void blankRowsAboveTheHeaderCountInTheRowsNumbers() {
        var owner = api().signUpNewCompany("Csv Blank Rows Co");
        // Rows 1 and 2 empty, row 3 the header, row 4 Good, row 5 Bad.
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv", "\n\r\nname,phone\nGood,+13125550181\nBad,12\n");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        var errors = refused.json().get("errors");
        assertThat(errors.findValuesAsString("row")).as(refused.body()).containsExactly("5");
        assertThat(errors.get(0).get("message").asString()).startsWith("row 5, column phone: ");

        // A spreadsheet saves an empty row of a table as its separators only: a blank row too, not the header.
        var separators = owner.postRaw("/api/v1/customers/import", "text/csv", ",,\nname,phone,email\nBad,12,\n");
        assertThat(separators.json().get("errors").get(0).get("message").asString()).as(separators.body())
                .startsWith("row 3, column phone: ");

        var header = owner.postRaw("/api/v1/customers/import", "text/csv", "\n\nAddress,Phone\n1 Elm St,+13125550182\n");
        assertThat(header.status()).isEqualTo(422);
        assertThat(header.json().get("errors").get(0).get("row").asInt()).isEqualTo(3);
        assertThat(header.json().get("errors").get(0).get("message").asString()).as(header.body())
                .startsWith("row 3 (the header): there must be a 'name' column");
        // An empty CSV body is said to be missing, not to be JSON that is not valid (the endpoint takes no JSON).
        var empty = owner.postRaw("/api/v1/customers/import", "text/csv", "");
        assertThat(empty.status()).isEqualTo(400);
        assertThat(empty.json().get("detail").asString()).as(empty.body()).isEqualTo("body: the body is missing: send the text/csv content");
        assertThat(owner.get("/api/v1/customers").json()).as("nothing imported").isEmpty();
    }

    @Test
    void aFileNotInUtf8IsRefusedNamingTheSpreadsheetRowAndWhatToDo() {
        var owner = api().signUpNewCompany("Csv Latin1 Rows Co");
        // Row 1 empty, row 2 the header, row 3 Ana (a note over two lines of text), row 4 José: the fifth line of text.
        var latin1 = "\nname,notes,phone\nAna,\"Gate code 1234\nDog in yard\",+13125550183\nJos\u00e9,,+13125550184\n"
                .getBytes(StandardCharsets.ISO_8859_1);
        var refused = owner.upload("/api/v1/customers/import", "file", "customers.csv", "text/csv", latin1);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.errorField()).isEqualTo("file");
        assertThat(refused.body()).contains("row 4 is not UTF-8 text").contains("Save the file as CSV UTF-8")
                .doesNotContain("line");
        assertThat(owner.get("/api/v1/customers").json()).as("nothing imported").isEmpty();
    }

    @Test
    void aQuotedCellLeftOpenIsRefusedNamingItsRowNotALineOfText() {
        var owner = api().signUpNewCompany("Csv Open Quote Co");
        // Row 1 empty, row 2 the header, row 3 Ana (a note over two lines), row 4 Bea, whose note is never closed.
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv",
                "\nname,notes\nAna,\"Gate\nDog\"\nBea,\"Ring twice\nCy,\n");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        var error = refused.json().get("errors").get(0);
        assertThat(error.get("row").asInt()).as(refused.body()).isEqualTo(4);
        assertThat(error.get("message").asString()).isEqualTo("is not valid CSV at row 4 (a quoted cell has no closing quote)");
        // In the header, before any row is read: the header's row, refused as the rest is (it was an unchecked error).
        var header = owner.postRaw("/api/v1/customers/import", "text/csv", "\n\"name,phone\nAna,+13125550185\n");
        assertThat(header.status()).as(header.body()).isEqualTo(422);
        assertThat(header.json().get("errors").get(0).get("message").asString())
                .isEqualTo("is not valid CSV at row 2 (a quoted cell has no closing quote)");
        assertThat(owner.get("/api/v1/customers").json()).as("nothing imported").isEmpty();
    }

    @Test
    void theRowOfTextNotInUtf8CountsQuotedLineBreaksOnceAndAQuoteInsideACellAsText() {
        assertThat(CustomerImport.rowAt("")).isEqualTo(1);
        assertThat(CustomerImport.rowAt("\uFEFFname\n")).isEqualTo(2);
        assertThat(CustomerImport.rowAt("name,notes\r\nAna,\"a\r\nb\"\"c\"\r\n")).isEqualTo(3);
        // 3/4" is no quoted cell: the line break after it ends the row.
        assertThat(CustomerImport.rowAt("name,notes\nAna,3/4\" valve\nBea,")).isEqualTo(3);
        assertThat(CustomerImport.rowAt("name;notes\nAna; \"a\nb\"\nBea;")).isEqualTo(3);
    }
}
