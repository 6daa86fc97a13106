package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A CSV cell is held to the rule a JSON text is (dev.switchboard.platform.Text): a control character other than tab and
 * line breaks in the notes is refused naming the line and the column, also at a cell's end, where the parser's trim
 * used to drop it unseen. Found by ApiBadInputFuzzTest, whose CSV with an ESC sequence in a name was imported.
 */
class CustomerImportControlCharactersTest extends IntegrationTest {

    @Test
    void aCellWithAControlCharacterIsRefusedNamingItsLineAndColumn() {
        var owner = api().signUpNewCompany("Csv Control Co");
        var csv = "name,phone,tags,notes\n"
                + "Ann\u001b[31m,+17735550123,,\n"
                + "Bea,+17735550124,vip\u0085,\n"
                + "Cy\u0007,+17735550125,,\n"
                + "Dee,+17735550126,,\"Gate\u0008\"\n";
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        var errors = refused.json().get("errors");
        assertThat(errors.findValuesAsString("line")).containsExactly("2", "3", "4", "5");
        assertThat(errors.findValuesAsString("field")).containsExactly("name", "tags", "name", "notes");
        assertThat(errors.get(0).get("message").asString()).isEqualTo("row 2, column name: must not contain control characters (U+001B)");
        assertThat(errors.get(2).get("message").asString()).as("a BEL at a cell's end is not trimmed away")
                .isEqualTo("row 4, column name: must not contain control characters (U+0007)");
        assertThat(owner.get("/api/v1/customers").json()).isEmpty();
    }

    @Test
    void notesKeepTheirLinesAndTabsAndCellsTheirUnicodeAndLoseTheirSurroundingSpaces() {
        var owner = api().signUpNewCompany("Csv Notes Co");
        var csv = "name,phone,notes\n  José Niño 👩\u200d🔧  ,+17735550127,\"Gate code 1234\nDog:\tfriendly\"\n";
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var customer = owner.get("/api/v1/customers").json().get(0);
        assertThat(customer.get("name").asString()).isEqualTo("José Niño 👩\u200d🔧");
        assertThat(customer.get("notes").asString()).isEqualTo("Gate code 1234\nDog:\tfriendly");
    }
}
