package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.IntegrationTest;
import org.junit.jupiter.api.Test;

/**
 * A customer file as spreadsheets and CRM exports write it: columns headed the usual ways ("Phone Number", "Mobile",
 * "E-mail", "Full Name", "First Name" and "Last Name") are read, not silently ignored; the numbers of every phone column
 * are the customer's; several numbers or tags in a cell are separated as the customer form separates them (commas,
 * semicolons, line breaks); and rows a spreadsheet emptied (",,") are skipped as blank lines are.
 */
class CustomerImportHeadersTest extends IntegrationTest {

    @Test
    void usualHeadersAreReadAndEveryPhoneColumnsNumbersTaken() {
        var owner = api().signUpNewCompany("Csv Usual Headers Co");
        var csv = "Full Name,Phone Number,Mobile,E-mail,Company,Fax,Tags\n"
                + "Ana Ruiz,(312) 555-0191,\"(312) 555-0192, (312) 555-0193\",ana@example.com,Ruiz LLC,(312) 555-0000,\"VIP, residential\"\n"
                + ",,,,,,\n"
                + "Ben Ode,(312) 555-0194,,,,,\n";
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", csv);
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        assertThat(imported.json().get("ignored_columns").toString()).as("the company's name is not the customer's; a fax no number of theirs")
                .isEqualTo("[\"Company\",\"Fax\"]");
        var ana = owner.get("/api/v1/customers/lookup?number=%2B13125550193").json().get(0);
        assertThat(ana.get("name").asString()).isEqualTo("Ana Ruiz");
        assertThat(ana.get("phone_numbers").toString()).isEqualTo("[\"+13125550191\",\"+13125550192\",\"+13125550193\"]");
        assertThat(ana.get("email").asString()).isEqualTo("ana@example.com");
        assertThat(ana.get("tags").toString()).isEqualTo("[\"VIP\",\"residential\"]");

        // First and last names joined; a company's name when there is no person's; Cell and Telephone are phones too.
        var names = owner.postRaw("/api/v1/customers/import", "text/csv",
                "First Name;Last Name;Cell;Email Address\nCy;Lamb;(312) 555-0195;cy@example.com\n");
        assertThat(names.status()).as(names.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550195").json().get(0).get("name").asString()).isEqualTo("Cy Lamb");
        var company = owner.postRaw("/api/v1/customers/import", "text/csv", "Company,Telephone,Tel\nAcme Diner,(312) 555-0196,(312) 555-0197\n");
        assertThat(company.status()).as(company.body()).isEqualTo(200);
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550197").json().get(0).get("name").asString()).isEqualTo("Acme Diner");

        // A bad number is named by the column it was written in, as the file heads it.
        var bad = owner.postRaw("/api/v1/customers/import", "text/csv", "Customer Name,Phone,Mobile\nDee,(312) 555-0198,12\n");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.json().get("errors").get(0).get("message").asString()).as(bad.body()).startsWith("row 2, column Mobile: ");
    }

    @Test
    void rowsOfEmptyCellsAreSkippedAndKeepTheirRowNumbers() {
        var owner = api().signUpNewCompany("Csv Emptied Rows Co");
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone,email\nAna,(312) 555-0181,\n,,\n , , \nBen,(312) 555-0182,\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        assertThat(imported.json().get("imported").asInt()).isEqualTo(2);
        var refused = owner.postRaw("/api/v1/customers/import", "text/csv", "name,phone\n,,\nBad,12\n");
        assertThat(refused.json().get("errors").get(0).get("message").asString()).as(refused.body()).startsWith("row 3, column phone: ");
    }

    @Test
    void theFormAndTheImportSplitSeveralNumbersAlike() {
        assertThat(CustomerInput.split("(312) 555-0101, (312) 555-0102;(312) 555-0103\n(312) 555-0104 | (312) 555-0105"))
                .containsExactly("(312) 555-0101", "(312) 555-0102", "(312) 555-0103", "(312) 555-0104", "(312) 555-0105");
        assertThat(CustomerInput.split("VIP, residential")).containsExactly("VIP", "residential");
        var owner = api().signUpNewCompany("Csv Commas Co");
        var imported = owner.postRaw("/api/v1/customers/import", "text/csv",
                "name,phone,tags\nEve Park,\"(312) 555-0111, (312) 555-0112\",\"VIP, residential\"\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var eve = owner.get("/api/v1/customers/lookup?number=%2B13125550112").json().get(0);
        assertThat(eve.get("phone_numbers").toString()).isEqualTo("[\"+13125550111\",\"+13125550112\"]");
        assertThat(eve.get("tags").toString()).isEqualTo("[\"VIP\",\"residential\"]");
    }
}
