package dev.switchboard.directory.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.ApiClient;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The customers pages: search by a number however it is typed, a customer's page with their jobs and calls, add, edit
 * and delete with the API's checks, jobs, the CSV import; agents read, as on the API, and change nothing.
 */
class CustomerPagesTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    record Company(ApiClient api, WebClient web, UUID id) {
    }

    private Company company(String name) {
        var owner = api().signUpNewCompany(name);
        var id = UUID.fromString(owner.get("/api/v1/me").json().get("company_id").asString());
        return new Company(owner, webLogin(owner.email(), "correct-horse"), id);
    }

    private static String created(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isIn(200, 201);
        return response.json().get("id").asString();
    }

    /** A call of {@code customer} (and {@code job}) in the company's log, answered by {@code member}. */
    private UUID call(Company c, String customer, String job, String member) {
        var id = UUID.randomUUID();
        TenantContext.runAs(CompanyId.of(c.id().toString()), () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                  billable_seconds, outcome, answered_by, customer_id, job_id)
                values (:c, :id, 'INBOUND', '+13125550199', '+13125550100', 'ENDED', now() - interval '3 minutes', now(), 60, 60,
                        'ANSWERED', :member, :customer, :job)
                """).param("c", c.id()).param("id", id).param("member", member == null ? null : UUID.fromString(member))
                .param("customer", UUID.fromString(customer)).param("job", job == null ? null : UUID.fromString(job)).update()));
        return id;
    }

    @Test
    void searchFindsACustomerByTheirNumberTypedInAnyFormatAndPagesThroughTheList() {
        var c = company("Customer Search Co");
        var csv = new StringBuilder("name,phone\n");
        for (int i = 0; i < 55; i++) {
            csv.append(String.format("Customer %02d,+1773555%04d\n", i, 1000 + i));
        }
        csv.append("Zed Plumbing,+13125550199\n");
        assertThat(c.api().postRaw("/api/v1/customers/import", "text/csv", csv.toString()).status()).isEqualTo(200);

        for (var typed : List.of("(312) 555-0199", "312.555.0199", "+1 312 555 0199", "555-0199")) {
            var found = c.web().get("/customers?q=" + java.net.URLEncoder.encode(typed, StandardCharsets.UTF_8));
            assertThat(found.status()).isEqualTo(200);
            assertThat(found.body()).as(typed).contains("Zed Plumbing").doesNotContain("Customer 00");
        }
        var first = c.web().get("/customers").body();
        assertThat(first).contains("Customer 00").contains("Customer 49").doesNotContain("Customer 50").contains("rel=\"next\"");
        var second = c.web().get("/customers?page=1").body();
        assertThat(second).contains("Customer 50").contains("Zed Plumbing").doesNotContain("Customer 49")
                .doesNotContain("rel=\"next\"").contains("rel=\"prev\"");
        assertThat(c.web().get("/customers?q=nobody").body()).contains("No customer matches");
        for (var page : List.of("-1", "2147483647")) {
            var refused = c.web().get("/customers?page=" + page);
            assertThat(refused.status()).as(page).isEqualTo(400);
            assertThat(refused.body()).contains("page: must be 0 to 42949671");
        }
        assertThat(c.web().get("/calls").body()).as("in the navigation").contains("href=\"/customers\"");
    }

    @Test
    void addingWithABadNumberSaysSoBesideTheFieldKeepsWhatWasTypedAndSavesNothing() {
        var c = company("Customer Add Co");
        assertThat(c.web().get("/customers/new").status()).isEqualTo(200);
        var refused = c.web().post("/customers/new", "name", "Ann Lee", "phoneNumbers", "(312) 555-0101\n12", "email", "ann@",
                "tags", "VIP", "notes", "Gate code 1234\nDog in yard");
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).containsPattern("id=\"phoneNumbers-error\"[^>]*>&#39;12&#39; is not a valid phone number")
                .containsPattern("id=\"email-error\"[^>]*>must be an email address")
                .contains("(312) 555-0101\n12").contains("value=\"Ann Lee\"").contains("Gate code 1234\nDog in yard");
        assertThat(c.api().get("/api/v1/customers").json()).isEmpty();

        var saved = c.web().post("/customers/new", "name", "Ann Lee", "phoneNumbers", "(312) 555-0101\n773-555-0102", "email",
                "ann@example.com", "tags", "VIP, residential", "notes", "Gate code 1234\nDog in yard");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var customer = c.api().get("/api/v1/customers").json().get(0);
        assertThat(saved.location()).endsWith("/customers/" + customer.get("id").asString());
        assertThat(customer.get("phone_numbers").toString()).isEqualTo("[\"+13125550101\",\"+17735550102\"]");
        assertThat(customer.get("tags").toString()).isEqualTo("[\"VIP\",\"residential\"]");
        assertThat(customer.get("notes").asString()).isEqualTo("Gate code 1234\nDog in yard");
        var page = c.web().get(java.net.URI.create(saved.location()).getPath()).body();
        assertThat(page).contains("Customer \u201cAnn Lee\u201d added.").contains("(312) 555-0101, (773) 555-0102")
                .contains("ann@example.com");
    }

    @Test
    void editingChangesTheCustomerAndTheirPageShowsTheirJobsAndCallsLinkingToEach() {
        var c = company("Customer Edit Co");
        var member = created(c.api().post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")));
        var customer = created(c.api().post("/api/v1/customers", Map.of("name", "Bo", "phone_numbers", List.of("+13125550199"))));
        var form = c.web().get("/customers/" + customer + "/edit");
        assertThat(form.body()).contains("value=\"Bo\"").contains("+13125550199");
        var bad = c.web().post("/customers/" + customer, "name", " ", "phoneNumbers", "+13125550199");
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).containsPattern("id=\"name-error\"[^>]*>must not be blank");
        var saved = c.web().post("/customers/" + customer, "name", "Bo Jensen", "phoneNumbers", "+13125550199\n(773) 555-0177",
                "externalId", "CRM-7");
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var after = c.api().get("/api/v1/customers/" + customer).json();
        assertThat(after.get("name").asString()).isEqualTo("Bo Jensen");
        assertThat(after.get("external_id").asString()).isEqualTo("CRM-7");
        assertThat(after.get("phone_numbers").size()).isEqualTo(2);
        // Another customer given Bo's external id is refused saying whose it is, with a link to them.
        var other = created(c.api().post("/api/v1/customers", Map.of("name", "Cy")));
        var taken = c.web().post("/customers/" + other, "name", "Cy", "externalId", "CRM-7");
        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.body()).containsPattern("id=\"externalId-error\"[^>]*>external id CRM-7 is already Bo Jensen&#39;s<")
                .contains("href=\"/customers/" + customer + "\">Open Bo Jensen</a>");
        var added = c.web().post("/customers/new", "name", "Di", "externalId", "CRM-7");
        assertThat(added.status()).isEqualTo(409);
        assertThat(added.body()).contains("external id CRM-7 is already Bo Jensen&#39;s")
                .contains("href=\"/customers/" + customer + "\">Open Bo Jensen</a>");
        assertThat(c.api().get("/api/v1/customers").json().findValuesAsString("name")).containsExactly("Bo Jensen", "Cy");

        // A job: a time that is not one is refused in the field's terms, beside it, with what was typed kept.
        assertThat(c.web().get("/customers/" + customer + "/jobs/new").status()).isEqualTo(200);
        var badJob = c.web().post("/customers/" + customer + "/jobs/new", "title", "", "status", "SCHEDULED",
                "assignedMemberId", member, "scheduledAt", "tomorrow");
        assertThat(badJob.status()).isEqualTo(422);
        assertThat(badJob.body()).containsPattern("id=\"scheduledAt-error\"[^>]*>must be a date and time such as 2026-11-25 17:00 \\(America/Chicago time\\)")
                .containsPattern("id=\"title-error\"[^>]*>must not be blank").contains("value=\"tomorrow\"");
        assertThat(c.api().get("/api/v1/jobs").json()).isEmpty();
        var job = c.web().post("/customers/" + customer + "/jobs/new", "title", "Furnace repair", "status", "SCHEDULED",
                "assignedMemberId", member, "scheduledAt", "2027-01-05T09:30");
        assertThat(job.status()).as(job.body()).isEqualTo(302);
        var jobJson = c.api().get("/api/v1/jobs").json().get(0);
        assertThat(jobJson.get("scheduled_at").asString()).as("09:30 in Chicago").isEqualTo("2027-01-05T15:30:00Z");
        assertThat(jobJson.get("assigned_member_id").asString()).isEqualTo(member);
        var jobId = jobJson.get("id").asString();
        var editedJob = c.web().post("/jobs/" + jobId, "title", "Furnace repair", "status", "DONE", "assignedMemberId", "",
                "scheduledAt", "2027-01-05T09:30");
        assertThat(editedJob.status()).as(editedJob.body()).isEqualTo(302);
        assertThat(c.api().get("/api/v1/jobs/" + jobId).json().get("status").asString()).isEqualTo("DONE");
        assertThat(c.api().get("/api/v1/jobs/" + jobId).json().get("assigned_member_id").isNull()).isTrue();

        var callId = call(c, customer, jobId, member);
        var page = c.web().get("/customers/" + customer).body();
        assertThat(page).contains("href=\"/jobs/" + jobId + "\"").contains("Furnace repair").contains("Done")
                .contains("href=\"/calls/" + callId + "\"").contains("Ann");
        // The call in the call log's words, not its codes: "Inbound", "Answered", as the call log lists it.
        var calls = page.substring(page.indexOf("Recent calls"));
        assertThat(calls).contains(">Inbound<").contains(">Answered<").doesNotContain("INBOUND").doesNotContain("ANSWERED");
        // Who answered outlives their deletion, named as the call log names them.
        assertThat(c.api().delete("/api/v1/members/" + member).status()).isEqualTo(204);
        assertThat(c.web().get("/customers/" + customer).body()).contains("Ann (removed)");
        var callPage = c.web().get("/calls/" + callId).body();
        assertThat(callPage).contains("href=\"/customers/" + customer + "\"").contains("href=\"/jobs/" + jobId + "\"");
    }

    @Test
    void deletingACustomerDeletesTheirJobsButKeepsTheirCallsInTheLog() {
        var c = company("Customer Delete Co");
        var customer = created(c.api().post("/api/v1/customers", Map.of("name", "Cy", "phone_numbers", List.of("+13125550188"))));
        var job = created(c.api().post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Drain")));
        var callId = call(c, customer, job, null);
        c.web().get("/customers/" + customer);
        var deleted = c.web().post("/customers/" + customer + "/delete");
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(deleted.location()).endsWith("/customers");
        assertThat(c.web().get("/customers").body()).contains("their calls stay in the call log");
        assertThat(c.api().get("/api/v1/customers/" + customer).status()).isEqualTo(404);
        assertThat(c.api().get("/api/v1/jobs/" + job).status()).isEqualTo(404);
        var call = c.web().get("/calls/" + callId);
        assertThat(call.status()).isEqualTo(200);
        assertThat(call.body()).contains("Not a known customer");
        assertThat(c.web().get("/customers/" + customer).status()).isEqualTo(404);
    }

    @Test
    void anAgentReadsCustomersAndJobsButChangesNothing() {
        var c = company("Customer Agent Co");
        var member = created(c.api().post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")));
        var other = created(c.api().post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")));
        var agentApi = c.api().newUser("AGENT", member);
        var agent = webLogin(agentApi.email(), "their-password");
        var customer = created(c.api().post("/api/v1/customers", Map.of("name", "Di", "phone_numbers", List.of("+13125550177"))));
        var job = created(c.api().post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Leak")));
        var own = call(c, customer, null, member);
        var others = call(c, customer, null, other);

        var list = agent.get("/customers");
        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body()).contains("Di").doesNotContain("Add customer").doesNotContain("Import from CSV").doesNotContain("Export");
        var page = agent.get("/customers/" + customer);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).as("their own call, not a colleague's, as on the call log")
                .contains("/calls/" + own).doesNotContain("/calls/" + others).doesNotContain("Add job").doesNotContain(">Edit<");
        var jobPage = agent.get("/jobs/" + job);
        assertThat(jobPage.status()).isEqualTo(200);
        assertThat(jobPage.body()).contains("value=\"Leak\"").contains("<fieldset disabled").doesNotContain("Delete job");

        for (var path : List.of("/customers/new", "/customers/" + customer + "/edit", "/customers/import",
                "/customers/" + customer + "/jobs/new")) {
            assertThat(agent.get(path).status()).as(path).isEqualTo(403);
        }
        agent.get("/customers");
        assertThat(agent.post("/customers/new", "name", "Eve").status()).isEqualTo(403);
        assertThat(agent.post("/customers/" + customer, "name", "Changed").status()).isEqualTo(403);
        assertThat(agent.post("/customers/" + customer + "/delete").status()).isEqualTo(403);
        assertThat(agent.post("/jobs/" + job, "title", "Changed", "status", "DONE").status()).isEqualTo(403);
        assertThat(agent.post("/jobs/" + job + "/delete").status()).isEqualTo(403);
        assertThat(agent.postFile("/customers/import", "file", "c.csv", "text/csv", "name\nEve\n".getBytes(StandardCharsets.UTF_8)).status())
                .isEqualTo(403);
        assertThat(c.api().get("/api/v1/customers").json().size()).isEqualTo(1);
        assertThat(c.api().get("/api/v1/customers/" + customer).json().get("name").asString()).isEqualTo("Di");
        assertThat(c.api().get("/api/v1/jobs/" + job).json().get("title").asString()).isEqualTo("Leak");
    }

    @Test
    void anotherCompanysCustomerOrJobIsNotFound() {
        var c = company("Customer Owner Co");
        var customer = created(c.api().post("/api/v1/customers", Map.of("name", "Fay", "phone_numbers", List.of("+13125550166"))));
        var job = created(c.api().post("/api/v1/jobs", Map.of("customer_id", customer, "title", "Vent")));
        var stranger = company("Customer Stranger Co").web();
        for (var path : List.of("/customers/" + customer, "/customers/" + customer + "/edit", "/customers/" + customer + "/jobs/new",
                "/jobs/" + job)) {
            var page = stranger.get(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).doesNotContain("Fay").doesNotContain("Vent");
        }
        stranger.get("/customers");
        assertThat(stranger.post("/customers/" + customer, "name", "Mine").status()).isEqualTo(404);
        assertThat(stranger.post("/customers/" + customer + "/delete").status()).isEqualTo(404);
        assertThat(stranger.post("/customers/" + customer + "/jobs/new", "title", "Mine").status()).isEqualTo(404);
        assertThat(stranger.post("/jobs/" + job, "title", "Mine").status()).isEqualTo(404);
        assertThat(stranger.post("/jobs/" + job + "/delete").status()).isEqualTo(404);
        assertThat(c.api().get("/api/v1/customers/" + customer).json().get("name").asString()).isEqualTo("Fay");
        assertThat(c.api().get("/api/v1/jobs/" + job).json().get("title").asString()).isEqualTo("Vent");
    }

    @Test
    void aGoodFileImportsAndTheResultSaysHowManyAndEachRefusedRowWithItsReason() {
        var c = company("Customer Import Co");
        assertThat(c.web().get("/customers/import").body()).contains("enctype=\"multipart/form-data\"");
        var good = "Name,Phone,Email\nAna,(312) 555-0111,ana@example.com\nBen,312-555-0112,\n".getBytes(StandardCharsets.UTF_8);
        var imported = c.web().postFile("/customers/import", "file", "customers.csv", "text/csv", good);
        assertThat(imported.status()).as(imported.body()).isEqualTo(302);
        assertThat(imported.location()).as("redirected after the post, no token left in the address").endsWith("/customers/import");
        assertThat(c.web().get("/customers/import").body()).contains("2 customers imported.");
        assertThat(c.api().get("/api/v1/customers").json().size()).isEqualTo(2);

        // Bad rows: all or nothing by default, each named by its row and column as the file writes them.
        var mixed = "Name,Phone\nCy,(312) 555-0113\n,(312) 555-0114\nDee,12\n".getBytes(StandardCharsets.UTF_8);
        var refused = c.web().postFile("/customers/import", "file", "more.csv", "text/csv", mixed);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("Nothing was imported: 2 rows refused. Correct them and import the file again")
                .contains("row 3, column Name: must not be blank")
                .contains("row 4, column Phone: &#39;12&#39; is not a valid phone number");
        assertThat(c.api().get("/api/v1/customers").json().size()).isEqualTo(2);
        var partial = c.web().postFile("/customers/import", "file", "more.csv", "text/csv", mixed, "skipInvalid", "true");
        assertThat(partial.status()).isEqualTo(302);
        assertThat(c.web().get("/customers/import").body()).contains("1 customer imported; 2 rows refused, not imported:")
                .contains("row 4, column Phone: &#39;12&#39; is not a valid phone number");
        assertThat(c.api().get("/api/v1/customers").json().size()).isEqualTo(3);
    }

    @Test
    void columnsTheImportDoesNotKnowAreIgnoredAndTheResultNamesThem() {
        var c = company("Customer Export Co");
        var export = "Name,Phone,Address,Fax\nAna,(312) 555-0151,\"1 Main St\nSpringfield\",(312) 555-0000\nBen,12,,\n"
                .getBytes(StandardCharsets.UTF_8);
        var refused = c.web().postFile("/customers/import", "file", "export.csv", "text/csv", export);
        assertThat(refused.status()).as(refused.body()).isEqualTo(422);
        assertThat(refused.body()).contains("row 3, column Phone: &#39;12&#39; is not a valid phone number")
                .contains("Ignored columns (not customer columns, left out): Address, Fax.");
        var imported = c.web().postFile("/customers/import", "file", "export.csv", "text/csv", export, "skipInvalid", "true");
        assertThat(imported.status()).as(imported.body()).isEqualTo(302);
        assertThat(c.web().get("/customers/import").body()).contains("1 customer imported; 1 row refused, not imported:")
                .contains("Ignored columns (not customer columns, left out): Address, Fax.");
        assertThat(c.web().get("/customers/import").body()).as("said once, after the import").doesNotContain("Ignored columns (not");
        var none = c.web().postFile("/customers/import", "file", "other.csv", "text/csv", "Address,Fax\n1 Elm St,\n".getBytes(StandardCharsets.UTF_8));
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.body()).contains("Nothing was imported: row 1 (the header): none of its columns is a customer column (found: Address, Fax)");
        assertThat(c.api().get("/api/v1/customers").json().findValuesAsString("name")).containsExactly("Ana");
    }

    @Test
    void aSpreadsheetsCsvWithItsOwnHeadersAByteOrderMarkAndWindowsLineEndingsImports() {
        var c = company("Customer Spreadsheet Co");
        // As a spreadsheet saves "CSV UTF-8" on Windows: a BOM, CRLF, headers as a person writes them, commas in quoted cells.
        var sheet = ("\uFEFFName,Phone Numbers,Email,External ID,Notes\r\n"
                + "\"Johnson, Mary\",(312) 555-0141; 312-555-0142,,CRM-1001,\"Furnace, 2015\r\nDog in yard\"\r\n"
                + "Bob Smith,312.555.0143,,CRM-1002,\r\n").getBytes(StandardCharsets.UTF_8);
        var imported = c.web().postFile("/customers/import", "file", "Customers - Sheet1.csv", "text/csv", sheet);
        assertThat(imported.status()).as(imported.body()).isEqualTo(302);
        assertThat(c.web().get("/customers/import").body()).contains("2 customers imported.");
        var mary = c.api().get("/api/v1/customers?q=Johnson").json().get(0);
        assertThat(mary.get("name").asString()).isEqualTo("Johnson, Mary");
        assertThat(mary.get("external_id").asString()).isEqualTo("CRM-1001");
        assertThat(mary.get("phone_numbers").toString()).contains("+13125550141").contains("+13125550142");
        assertThat(mary.get("notes").asString()).startsWith("Furnace, 2015").endsWith("Dog in yard");
    }

    @Test
    void theUpdateCheckboxUpdatesCustomersWithTheSameExternalIdAndSaysHowMany() {
        var c = company("Customer Reimport Co");
        assertThat(c.web().get("/customers/import").body()).contains("name=\"updateExisting\"")
                .doesNotContain("name=\"updateExisting\" value=\"true\" checked");
        var first = "name,phone,external_id\nAna,(312) 555-0131,CRM-1\n".getBytes(StandardCharsets.UTF_8);
        assertThat(c.web().postFile("/customers/import", "file", "crm.csv", "text/csv", first).status()).isEqualTo(302);
        var again = "name,phone,external_id\nAna Bell,(312) 555-0132,CRM-1\nBo,(312) 555-0133,CRM-2\n".getBytes(StandardCharsets.UTF_8);

        var unticked = c.web().postFile("/customers/import", "file", "crm.csv", "text/csv", again);
        assertThat(unticked.status()).isEqualTo(422);
        var ana = c.api().get("/api/v1/customers").json().get(0).get("id").asString();
        assertThat(unticked.body()).contains("row 2, column external_id: external id CRM-1 is already Ana&#39;s")
                .as("a link to the customer who has it").containsPattern("already Ana&#39;s[^<]*</span>\\s*\\(<a href=\"/customers/" + ana + "\">")
                .contains("Nothing was imported: 1 row refused. Correct it and import the file again")
                .contains("to import the others and leave it out.");

        var ticked = c.web().postFile("/customers/import", "file", "crm.csv", "text/csv", again, "updateExisting", "true");
        assertThat(ticked.status()).as(ticked.body()).isEqualTo(302);
        assertThat(c.web().get("/customers/import").body()).contains("1 customer imported, 1 customer updated.");
        var names = c.api().get("/api/v1/customers").json().findValuesAsString("name");
        assertThat(names).containsExactlyInAnyOrder("Ana Bell", "Bo");
    }

    @Test
    void aFileOverTheUploadLimitGetsAPageSayingTheImportsOwnLimitAndWhatToDo() {
        var c = company("Customer Huge File Co");
        // Over the 20 MB every upload is refused at, before the import sees it: the page speaks of this form, not of audio.
        var page = c.web().postFile("/customers/import", "file", "crm-export.csv", "text/csv", new byte[22_000_000]);
        assertThat(page.status()).isEqualTo(413);
        assertThat(page.body()).contains("<title>File too large").contains("a customer CSV file is at most 5 MB")
                .contains("Split it into smaller files, each starting with the header row").doesNotContain("audio");
        assertThat(c.api().get("/api/v1/customers").json()).isEmpty();
    }

    @Test
    void aFileThatIsNoCustomerFileIsRefusedInPlainWordsAndChangesNothing() {
        var c = company("Customer Bad File Co");
        var csv = "name,phone\nAna,+13125550121\n".getBytes(StandardCharsets.UTF_8);
        record Case(String filename, byte[] bytes, String says) {
        }
        var big = new byte[(int) CustomerImportPage.MAX_BYTES + 1];
        java.util.Arrays.fill(big, (byte) 'a');
        for (var k : List.of(
                new Case("customers.xls", csv, "is a spreadsheet this import does not read"),
                new Case("customers.xlsx", new byte[] {'P', 'K', 3, 4, 9, 9, 9, 9}, "this file is not a workbook this import reads"),
                new Case("photo.pdf", csv, "is not a CSV file"),
                new Case("empty.csv", new byte[0], "\u201cempty.csv\u201d is empty"),
                new Case("huge.csv", big, "is 5.0 MB; a customer file is at most 5 MB"),
                new Case("wrong.csv", "Address,Phone\n1 Elm St,+13125550121\n".getBytes(StandardCharsets.UTF_8),
                        "row 1 (the header): there must be a &#39;name&#39; column (or Full Name, Customer Name, Company, or First "
                                + "Name and Last Name) (found: Address, Phone)"),
                new Case("latin1.csv", "name\nJos\u00e9\n".getBytes(StandardCharsets.ISO_8859_1), "row 2 is not UTF-8 text"),
                new Case("header-only.csv", "name,phone\n".getBytes(StandardCharsets.UTF_8), "has no rows after the header"))) {
            var page = c.web().postFile("/customers/import", "file", k.filename(), "text/csv", k.bytes());
            assertThat(page.status()).as(k.filename()).isEqualTo(422);
            assertThat(page.body()).as(k.filename()).contains("Nothing was imported").contains(k.says());
        }
        var none = c.web().post("/customers/import");
        assertThat(none.status()).isEqualTo(422);
        assertThat(none.body()).contains("choose a CSV file first");
        assertThat(c.api().get("/api/v1/customers").json()).isEmpty();
    }
}
