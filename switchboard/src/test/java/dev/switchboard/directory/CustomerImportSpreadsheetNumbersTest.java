package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Phone numbers as spreadsheets save a number column: "13125550166.0" (a number cell written with its decimal part) is
 * that number; "3.12555E+09" (Excel's General format for a long number, saved as shown) has lost its last digits, and
 * the refusal says so and what to do, rather than "is not a phone number" about a cell that shows one.
 */
class CustomerImportSpreadsheetNumbersTest extends IntegrationTest {

    ApiClient owner;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Spreadsheet Numbers Co");
    }

    @Test
    void aNumberSavedAsADecimalIsTheNumberAndOneInScientificNotationIsRefusedSayingWhy() {
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv",
                "name,phone\nAna,13125550166.0\nBen,3.12555E+09\nCy,(312) 555-0168\n");
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        var errors = refused.json().get("errors");
        assertThat(errors).hasSize(1);
        assertThat(errors.get(0).get("row").asInt()).isEqualTo(3);
        assertThat(errors.get(0).get("message").asString()).isEqualTo("row 3, column phone: '3.12555E+09' is a number your "
                + "spreadsheet wrote in scientific notation, which lost its last digits: format the phone column as Text in the "
                + "spreadsheet (and type the numbers again if they show as 3.12555E+09 there), save it as CSV again and import it");

        var imported = owner.postRaw("/api/v1/customers/import?skip_invalid=true", "text/csv",
                "name,phone\nAna,13125550166.0\nBen,3.12555E+09\nCy,+13125550168.00\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550166").json().findValuesAsString("name")).containsExactly("Ana");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550168").json().findValuesAsString("name")).containsExactly("Cy");
    }
}
