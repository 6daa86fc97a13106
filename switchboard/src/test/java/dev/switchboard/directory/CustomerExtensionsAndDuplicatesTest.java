package dev.switchboard.directory;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class CustomerExtensionsAndDuplicatesTest extends IntegrationTest {

    ApiClient owner;

    @Autowired
    Customers customers;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @BeforeEach
    void company() {
        owner = api().signUpNewCompany("Extensions Co");
    }

    /**
     * An import updating customers by their external id from a file without a notes column (the old system's export of
     * names and numbers) keeps their notes, and the extension after a number is added to them as a new customer's is: it
     * was dropped without a word.
     */
    @Test
    void anImportUpdatingACustomerWithoutANotesColumnKeepsTheExtensionOfTheirNumberInTheirNotes() {
        var made = owner.post("/api/v1/customers", Map.of("name", "Tower Ltd", "external_id", "CRM-9",
                "phone_numbers", List.of("(312) 555-0178"), "notes", "Boiler in the basement"));
        assertThat(made.status()).as(made.body()).isEqualTo(201);
        var imported = owner.postRaw("/api/v1/customers/import?update_by_external_id=true", "text/csv",
                "name,external_id,phone\nTower Ltd,CRM-9,(312) 555-0178 x 45\n");
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var tower = owner.get("/api/v1/customers/" + made.json().get("id").asString()).json();
        assertThat(tower.get("phone_numbers").toString()).isEqualTo("[\"+13125550178\"]");
        assertThat(tower.get("notes").asString()).isEqualTo("Boiler in the basement\nExtension 45 at (312) 555-0178");

        // Imported again, the line is not added twice.
        owner.postRaw("/api/v1/customers/import?update_by_external_id=true", "text/csv",
                "name,external_id,phone\nTower Ltd,CRM-9,(312) 555-0178 x 45\n");
        assertThat(owner.get("/api/v1/customers/" + made.json().get("id").asString()).json().get("notes").asString())
                .isEqualTo("Boiler in the basement\nExtension 45 at (312) 555-0178");
    }

    /**
     * The same customer added twice at once (a double click on Save, two nodes, the office and the API): each was checked
     * for a copy before the other was saved, so both were, the copy the duplicate check refuses. The second now waits for
     * the first and is refused.
     */
    @Test
    void theSameCustomerAddedTwiceAtOnceIsSavedOnce() throws Exception {
        var company = dev.switchboard.shared.CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var actor = dev.switchboard.tenancy.Actor.system(company);
        var first = new Customer[1];
        var refused = new dev.switchboard.support.HeldTransaction(tx, jdbc).whileHeld(company,
                () -> first[0] = customers.create(actor, new CustomerInput("Dee Lane", null, null, List.of("(312) 555-0185"), List.of(), null)),
                dev.switchboard.support.HeldTransaction.ANY_LOCK, "the second save",
                () -> owner.post("/api/v1/customers", Map.of("name", "Dee Lane", "phone_numbers", List.of("+13125550185"))));
        assertThat(first[0].name()).isEqualTo("Dee Lane");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.body()).contains("a customer Dee Lane with (312) 555-0185 already exists");
        assertThat(owner.get("/api/v1/customers/lookup?number=%2B13125550185").json().size()).as("one Dee Lane").isEqualTo(1);
    }
}
