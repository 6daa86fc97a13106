package dev.switchboard.calls.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.io.StringReader;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.commons.csv.CSVFormat;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Which customer (and job) a call is linked to, once the call is over: a call from a number nobody had is linked to the
 * customer added with it later (by the API, the form or an import), and an owner, admin or supervisor links a call by
 * hand (the API's PATCH, the call's page); the call log names the customer (the API's rows, the export), and its customer
 * filter keeps the customer it filters by, whoever they are.
 */
class CustomerCallLinksTest extends IntegrationTest {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate tx;

    /** A finished call in {@code company}, with {@code number} on the other end, linked to {@code customer} (or none). */
    private UUID call(CompanyId company, String direction, String number, UUID customer) {
        var id = UUID.randomUUID();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at, duration_seconds,
                  billable_seconds, outcome, customer_id)
                values (:c, :id, :dir, :from, :to, 'ENDED', now() - interval '5 minutes', now() - interval '4 minutes', 60, 60,
                        'ANSWERED', :customer)
                """).param("c", company.value()).param("id", id).param("dir", direction)
                .param("from", direction.equals("INBOUND") ? number : "+13125550100")
                .param("to", direction.equals("INBOUND") ? "+13125550100" : number).param("customer", customer).update()));
        return id;
    }

    private UUID customerOf(CompanyId company, UUID call) {
        var found = new UUID[1];
        TenantContext.runAs(company, () -> found[0] = tx.execute(s -> jdbc.sql("select customer_id from calls where company_id = :c and id = :id")
                .param("c", company.value()).param("id", call).query(UUID.class).optional().orElse(null)));
        return found[0];
    }

    @Test
    void callsFromANumberNobodyHadAreLinkedToTheCustomerAddedWithItLater() {
        var web = newCompanyOwner("Late Customer Plumbing");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var other = newCompanyOwner("Other Plumbing");
        var otherCompany = CompanyId.of(other.companyId());
        var shared = api.post("/api/v1/customers", Map.of("name", "Front Desk", "phone_numbers", List.of("+17735550122"))).json()
                .get("id").asString();

        var in = call(company, "INBOUND", "+17735550111", null);
        var out = call(company, "OUTBOUND", "+17735550111", null);
        // A call of the number already linked to someone (a shared line's other customer) stays theirs.
        var theirs = call(company, "INBOUND", "+17735550111", UUID.fromString(shared));
        var elsewhere = call(otherCompany, "INBOUND", "+17735550111", null);

        var created = api.post("/api/v1/customers", Map.of("name", "Nina Patel", "phone_numbers", List.of("(773) 555-0111")));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var nina = created.json().get("id").asString();
        var calls = api.get("/api/v1/call-logs?customer_id=" + nina).json();
        assertThat(calls.findValuesAsString("id")).containsExactlyInAnyOrder(in.toString(), out.toString());
        assertThat(calls.get(0).get("customer_name").asString()).as("named beside the id").isEqualTo("Nina Patel");
        assertThat(customerOf(company, theirs)).hasToString(shared);
        assertThat(customerOf(otherCompany, elsewhere)).as("another company's call is none of theirs").isNull();
        assertThat(web.get("/customers/" + nina).body()).doesNotContain("No calls with this customer yet").contains(in.toString());

        // A number given to a customer later links its calls too, through the form, which says how many.
        var later = call(company, "INBOUND", "+17735550133", null);
        var saved = web.post("/customers/" + nina, "name", "Nina Patel", "phoneNumbers", "(773) 555-0111, (773) 555-0133");
        assertThat(saved.status()).isEqualTo(302);
        assertThat(web.get(saved.location().replaceAll("^https?://[^/]+", "")).body())
                .contains("1 earlier call from their number is now linked to them.");
        assertThat(customerOf(company, later)).hasToString(nina);

        // An import links them as well, and says how many.
        var imported = call(company, "INBOUND", "+17735550144", null);
        var result = api.postRaw("/api/v1/customers/import", "text/csv", "name,phone\nOmar Diaz,(773) 555-0144\n");
        assertThat(result.status()).as(result.body()).isEqualTo(200);
        assertThat(result.json().get("linked_calls").asInt()).isEqualTo(1);
        assertThat(customerOf(company, imported)).isNotNull();

        // A customer deleted by mistake and added again gets their calls back (they kept the deleted one's id: found by review).
        var omar = customerOf(company, imported).toString();
        assertThat(api.delete("/api/v1/customers/" + omar).status()).isEqualTo(204);
        var again = api.post("/api/v1/customers", Map.of("name", "Omar Diaz", "phone_numbers", List.of("(773) 555-0144")));
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(customerOf(company, imported)).hasToString(again.json().get("id").asString());
    }

    /** A message left in the general mailbox by {@code call}'s caller, {@code number}, as the call's {@code voicemail_id}. */
    private UUID message(CompanyId company, UUID call, String number) {
        var id = UUID.randomUUID();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into voicemail_messages (company_id, id, call_id, from_number, received_at, duration_seconds)
                    values (:c, :id, :call, :from, now() - interval '4 minutes', 12)
                    """).param("c", company.value()).param("id", id).param("call", call).param("from", number).update();
            jdbc.sql("update calls set voicemail_id = :m, outcome = 'VOICEMAIL' where company_id = :c and id = :id")
                    .param("m", id).param("c", company.value()).param("id", call).update();
        }));
        return id;
    }

    /**
     * A message is named after the customer its call is linked to, in the inbox as in the call log: it was named only
     * after whoever had the number when it came, so a caller added as a customer later (or a call linked by hand to
     * another customer) stayed "unknown" in the voicemail inbox while the call log named them.
     */
    @Test
    void aMessageIsNamedAfterTheCustomerItsCallIsLinkedToLaterAsTheCallIs() {
        var web = newCompanyOwner("Late Message Plumbing");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var call = call(company, "INBOUND", "+17735550166", null);
        var message = message(company, call, "+17735550166");
        var path = "/api/v1/voicemail/messages/" + message;
        assertThat(api.get(path).json().get("customer_name").isNull()).as("nobody had the number").isTrue();

        var nina = api.post("/api/v1/customers", Map.of("name", "Nina Patel", "phone_numbers", List.of("(773) 555-0166"))).json()
                .get("id").asString();
        assertThat(api.get("/api/v1/call-logs?customer_id=" + nina).json().get(0).get("customer_name").asString()).isEqualTo("Nina Patel");
        var named = api.get(path).json();
        assertThat(named.get("customer_id").asString()).isEqualTo(nina);
        assertThat(named.get("customer_name").asString()).as("as the call log names the caller").isEqualTo("Nina Patel");
        assertThat(web.get("/voicemail?box=general").body()).contains("Nina Patel");

        // Linked by hand to another customer (a shared line's other one), then unlinked: the message follows.
        var omar = api.post("/api/v1/customers", Map.of("name", "Omar Diaz")).json().get("id").asString();
        assertThat(api.patch("/api/v1/call-logs/" + call, Map.of("customer_id", omar)).status()).isEqualTo(200);
        assertThat(api.get(path).json().get("customer_name").asString()).isEqualTo("Omar Diaz");
        var unlinked = new java.util.HashMap<String, Object>();
        unlinked.put("customer_id", null);
        assertThat(api.patch("/api/v1/call-logs/" + call, unlinked).status()).isEqualTo(200);
        assertThat(api.get(path).json().get("customer_name").isNull()).isTrue();
    }

    @Test
    void anOwnerLinksACallToACustomerAndJobByHandAndAnAgentCannot() throws Exception {
        var web = newCompanyOwner("Hand Linked Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var ann = api.post("/api/v1/members", Map.of("name", "Ann Lee")).json().get("id").asString();
        var agent = api.newUser("AGENT", ann);
        var rita = api.post("/api/v1/customers", Map.of("name", "Rita Moss")).json().get("id").asString();
        var sam = api.post("/api/v1/customers", Map.of("name", "Sam Hill")).json().get("id").asString();
        var boiler = api.post("/api/v1/jobs", Map.of("customer_id", rita, "title", "Boiler", "status", "OPEN")).json().get("id").asString();
        var roof = api.post("/api/v1/jobs", Map.of("customer_id", sam, "title", "Roof", "status", "OPEN")).json().get("id").asString();
        var call = call(company, "INBOUND", "+17735550155", null);
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("update calls set answered_by = :ann where company_id = :c and id = :id")
                .param("ann", UUID.fromString(ann)).param("c", company.value()).param("id", call).update()));
        var path = "/api/v1/call-logs/" + call;

        // Refused, naming the field, nothing changed.
        var unknown = api.patch(path, Map.of("customer_id", UUID.randomUUID().toString()));
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(422);
        assertThat(unknown.errorField()).isEqualTo("customer_id");
        var otherCompanys = newCompanyOwner("Elsewhere Heating");
        var foreign = api().login(otherCompanys.email(), "correct-horse").post("/api/v1/customers", Map.of("name", "Not Theirs")).json()
                .get("id").asString();
        assertThat(api.patch(path, Map.of("customer_id", foreign)).status()).isEqualTo(422);
        var wrongJob = api.patch(path, Map.of("customer_id", rita, "job_id", roof));
        assertThat(wrongJob.status()).as(wrongJob.body()).isEqualTo(422);
        assertThat(wrongJob.errorField()).isEqualTo("job_id");
        assertThat(wrongJob.body()).contains("Roof").contains("Sam Hill's, not Rita Moss's");
        var byAgent = agent.patch(path, Map.of("customer_id", rita));
        assertThat(byAgent.status()).as("an agent notes their own call, but links no customer").isEqualTo(403);
        assertThat(customerOf(company, call)).isNull();

        // Linked, with its job; then the job alone; then unlinked with null.
        var linked = api.patch(path, Map.of("customer_id", rita, "job_id", boiler));
        assertThat(linked.status()).as(linked.body()).isEqualTo(200);
        assertThat(linked.json().get("customer_id").asString()).isEqualTo(rita);
        assertThat(linked.json().get("customer_name").asString()).isEqualTo("Rita Moss");
        assertThat(linked.json().get("job_id").asString()).isEqualTo(boiler);
        assertThat(linked.json().get("job_title").asString()).isEqualTo("Boiler");
        // The log filters by the job (job_id was ignored: every call listed).
        assertThat(api.get("/api/v1/call-logs?job_id=" + boiler).json().findValuesAsString("id")).containsExactly(call.toString());
        assertThat(api.get("/api/v1/call-logs?job_id=" + roof).json().size()).isZero();
        assertThat(api.get("/api/v1/call-logs").json().size()).isOne();
        var moved = api.patch(path, Map.of("customer_id", sam));
        assertThat(moved.json().get("job_id").isNull()).as("Rita's job is not Sam's: it goes").isTrue();
        var cleared = api.send("PATCH", path, "application/json", "{\"customer_id\": null}");
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("customer_id").isNull()).isTrue();
        var unknownField = api.patch(path, Map.of("customer", rita));
        assertThat(unknownField.status()).isEqualTo(400);
        var audit = api.get("/api/v1/audit-log?entity_type=call_link").json();
        assertThat(audit.size()).as("one entry a change").isEqualTo(3);

        // The call's page: the form for the owner, none for the agent; a refusal said on the page.
        var page = web.get("/calls/" + call).body();
        assertThat(page).contains("action=\"/calls/" + call + "/customer\"").contains(">Rita Moss</option>");
        var saved = web.post("/calls/" + call + "/customer", "customerId", rita);
        assertThat(saved.status()).isEqualTo(302);
        var after = web.get("/calls/" + call).body();
        assertThat(after).contains("Customer and job saved.").containsPattern("<option value=\"" + rita + "\" selected[^>]*>Rita Moss</option>")
                .contains(">Boiler (Open)</option>");
        var job = web.post("/calls/" + call + "/customer", "jobId", roof);
        assertThat(job.status()).isEqualTo(422);
        assertThat(job.body()).contains("is Sam Hill&#39;s, not Rita Moss&#39;s");
        assertThat(web.post("/calls/" + call + "/customer", "jobId", boiler).status()).isEqualTo(302);
        var agentWeb = webLogin(agent.email(), "their-password");
        assertThat(agentWeb.get("/calls/" + call).body()).doesNotContain("/customer\"");
        assertThat(agentWeb.post("/calls/" + call + "/customer", "customerId", sam).status()).isEqualTo(403);

        // The export names the customer and the job.
        var row = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(web.get("/calls/export.csv").body())).getRecords().getFirst();
        assertThat(row.get("customer")).isEqualTo("Rita Moss");
        assertThat(row.get("job")).isEqualTo("Boiler");
    }

    /**
     * A customer's page says which of their calls left a voicemail message, with its transcription, linked to the call's
     * page where it plays: the list said "Voicemail" (or "Missed", for a message left after the ring) and nothing of what
     * the customer said.
     */
    @Test
    void aCustomersPageShowsTheMessagesTheyLeft() {
        var web = newCompanyOwner("Message Page Plumbing");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var answered = call(company, "INBOUND", "+17735550199", null);
        var left = call(company, "INBOUND", "+17735550199", null);
        var message = message(company, left, "+17735550199");
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql(
                "update voicemail_messages set transcription = 'My water heater is leaking' where company_id = :c and id = :id")
                .param("c", company.value()).param("id", message).update()));
        var nina = api.post("/api/v1/customers", Map.of("name", "Nina Patel", "phone_numbers", List.of("(773) 555-0199"))).json()
                .get("id").asString();

        var page = web.get("/customers/" + nina).body();
        var calls = page.substring(page.indexOf("Recent calls"));
        assertThat(calls).contains("<th scope=\"col\">Voicemail</th>")
                .contains("<a href=\"/calls/" + left + "#voicemail-message\">\u201cMy water heater is leaking\u201d</a>")
                .contains(answered.toString());
        assertThat(calls.split("<tr class=\"call\">")).hasSize(3);
    }

    /**
     * A company with more customers than the call page's Customer list holds (the first 500 by name) links a call to any
     * of them: the form finds them by name, email or number, keeping the call log's filters the page came with. Before,
     * the 501st customer by name could not be chosen on the page at all.
     */
    @Test
    void aCallIsLinkedFromItsPageToACustomerBeyondTheFirst500() {
        var web = newCompanyOwner("Many Customers Plumbing");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var csv = new StringBuilder("name,phone\n");
        for (int i = 0; i < 520; i++) {
            csv.append(String.format("Customer %03d,%n", i));
        }
        csv.append("Zoe Last,+17735550177\n");
        var imported = api.postRaw("/api/v1/customers/import", "text/csv", csv.toString());
        assertThat(imported.status()).as(imported.body()).isEqualTo(200);
        var zoe = api.get("/api/v1/customers?q=Zoe").json().get(0).get("id").asString();
        var call = call(company, "INBOUND", "+17735550188", null);

        var page = web.get("/calls/" + call + "?direction=INBOUND").body();
        assertThat(page).doesNotContain(">Zoe Last</option>").contains("id=\"find-customer\"")
                .contains("<input type=\"hidden\" name=\"direction\" value=\"INBOUND\">");
        var found = web.get("/calls/" + call + "?direction=INBOUND&find_customer=773.555.0177").body();
        assertThat(found).contains("<option value=\"" + zoe + "\">Zoe Last</option>").contains("The customer matching")
                .doesNotContain(">Customer 000</option>");
        assertThat(web.get("/calls/" + call + "?find_customer=Nobody%20Here").body()).contains("No customer matches \u201cNobody Here\u201d.");
        assertThat(web.post("/calls/" + call + "/customer", "customerId", zoe).status()).isEqualTo(302);
        assertThat(customerOf(company, call)).hasToString(zoe);
    }

    @Test
    void theCallLogsRowsAndExportsNameTheCustomerAndTheJob() throws Exception {
        var web = newCompanyOwner("Named Customers Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var rita = api.post("/api/v1/customers", Map.of("name", "Rita Moss")).json().get("id").asString();
        var boiler = api.post("/api/v1/jobs", Map.of("customer_id", rita, "title", "Boiler", "status", "OPEN")).json().get("id").asString();
        var call = call(company, "INBOUND", "+17735550177", UUID.fromString(rita));
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("update calls set job_id = :job where company_id = :c and id = :id")
                .param("job", UUID.fromString(boiler)).param("c", company.value()).param("id", call).update()));
        var rows = api.get("/api/v1/call-logs").json();
        assertThat(rows.get(0).get("customer_name").asString()).isEqualTo("Rita Moss");
        assertThat(rows.get(0).get("job_title").asString()).isEqualTo("Boiler");
        assertThat(api.get("/api/v1/call-logs/" + call).json().at("/call/customer_name").asString()).isEqualTo("Rita Moss");
        var row = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(web.get("/calls/export.csv").body())).getRecords().getFirst();
        assertThat(row.get("customer")).isEqualTo("Rita Moss");
        assertThat(row.get("job")).isEqualTo("Boiler");
        try (var book = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(web.get("/calls/export.xlsx").bytes()))) {
            var header = book.getSheetAt(0).getRow(0);
            var values = new java.util.HashMap<String, String>();
            for (int i = 0; i < header.getLastCellNum(); i++) {
                var cell = book.getSheetAt(0).getRow(1).getCell(i);
                values.put(header.getCell(i).getStringCellValue(), cell == null ? null : cell.toString());
            }
            assertThat(values).containsEntry("customer", "Rita Moss").containsEntry("job", "Boiler");
        }
    }

    /**
     * A job's page opens the call log of the calls about that job, which the page filters by, names, keeps when other
     * filters are sent, and exports: the API had {@code job_id}, the page none, and {@code /calls?job=} listed every call.
     */
    @Test
    void aJobsCallsAreListedFilteredAndExportedFromItsPage() throws Exception {
        var web = newCompanyOwner("Job Calls Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var rita = api.post("/api/v1/customers", Map.of("name", "Rita Moss")).json().get("id").asString();
        var boiler = api.post("/api/v1/jobs", Map.of("customer_id", rita, "title", "Boiler", "status", "OPEN")).json().get("id").asString();
        var about = call(company, "INBOUND", "+17735550178", UUID.fromString(rita));
        var other = call(company, "INBOUND", "+17735550178", UUID.fromString(rita));
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("update calls set job_id = :job where company_id = :c and id = :id")
                .param("job", UUID.fromString(boiler)).param("c", company.value()).param("id", about).update()));

        assertThat(web.get("/jobs/" + boiler).body()).as("the job's page links to its calls").contains("href=\"/calls?job=" + boiler + "\"");
        var page = web.get("/calls?job=" + boiler).body();
        assertThat(page).contains("/calls/" + about).doesNotContain("/calls/" + other)
                .containsPattern("<option value=\"" + boiler + "\" selected[^>]*>Boiler \\(Rita Moss\\)</option>")
                .contains("/calls/export.csv?job=" + boiler);
        assertThat(web.get("/calls?job=" + boiler + "&direction=INBOUND").body()).contains("/calls/" + about).doesNotContain("/calls/" + other);
        var rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(web.get("/calls/export.csv?job=" + boiler).body())).getRecords();
        assertThat(rows).extracting(r -> r.get("call_id")).containsExactly(about.toString());

        api.delete("/api/v1/jobs/" + boiler);
        assertThat(web.get("/calls?job=" + boiler).body()).containsPattern("<option value=\"" + boiler + "\" selected[^>]*>A deleted job</option>");
    }

    /**
     * The calls an office tagged ("Warranty", "Quote") are found again by their tag, in any case: the API's {@code tag},
     * the page's Tag filter, kept by its export. Tags were written on calls and read back one call at a time.
     */
    @Test
    void theCallsOfATagAreListedAndExported() throws Exception {
        var web = newCompanyOwner("Tagged Calls Heating");
        var api = api().login(web.email(), "correct-horse");
        var company = CompanyId.of(web.companyId());
        var tagged = call(company, "INBOUND", "+17735550179", null);
        var other = call(company, "INBOUND", "+17735550179", null);
        assertThat(api.patch("/api/v1/call-logs/" + tagged, Map.of("tags", List.of("Warranty", "Quote"))).status()).isEqualTo(200);
        assertThat(api.patch("/api/v1/call-logs/" + other, Map.of("tags", List.of("Warranty claim"))).status()).isEqualTo(200);

        assertThat(api.get("/api/v1/call-logs?tag=warranty").json().findValuesAsString("id")).containsExactly(tagged.toString());
        assertThat(api.get("/api/v1/call-logs?tag=%20Quote%20").json().findValuesAsString("id")).containsExactly(tagged.toString());
        var page = web.get("/calls?tag=warranty").body();
        assertThat(page).contains("/calls/" + tagged).doesNotContain("/calls/" + other)
                .containsPattern("<input id=\"tag\" name=\"tag\"[^>]*value=\"warranty\"").contains("/calls/export.csv?tag=warranty");
        var rows = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(new StringReader(web.get("/calls/export.csv?tag=warranty").body())).getRecords();
        assertThat(rows).extracting(r -> r.get("call_id")).containsExactly(tagged.toString());
    }

    @Test
    void theCustomerFilterKeepsTheCustomerItFiltersByAndSaysWhenTheyAreGone() {
        var web = newCompanyOwner("Filtered Customers Heating");
        var company = CompanyId.of(web.companyId());
        var zoe = UUID.randomUUID();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into customers (company_id, id, name, created_at, updated_at)
                    select :c, gen_random_uuid(), 'Customer ' || lpad(n::text, 4, '0'), now(), now() from generate_series(1, 600) n
                    """).param("c", company.value()).update();
            jdbc.sql("insert into customers (company_id, id, name, created_at, updated_at) values (:c, :id, 'Zoe Zimmer', now(), now())")
                    .param("c", company.value()).param("id", zoe).update();
        }));
        var call = call(company, "INBOUND", "+17735550166", zoe);
        var page = web.get("/calls?customer=" + zoe + "&direction=INBOUND").body();
        assertThat(page).contains(call.toString()).containsPattern("<option value=\"" + zoe + "\" selected[^>]*>Zoe Zimmer</option>");

        var gone = UUID.randomUUID();
        var unknown = web.get("/calls?customer=" + gone);
        assertThat(unknown.status()).isEqualTo(200);
        assertThat(unknown.body()).containsPattern("<option value=\"" + gone + "\" selected[^>]*>A deleted customer</option>")
                .contains("This customer no longer exists");
    }

    /**
     * The call log's Customer filter lists the first 500 customers by name and says so; its "Find a customer" reaches any
     * other, by name, email or number, and the calls of the one chosen are listed. Before, the 501st customer by name could
     * be filtered by only from their own page's link.
     */
    @Test
    void theCustomerFilterFindsACustomerBeyondTheFirst500() {
        var web = newCompanyOwner("Found Customers Heating");
        var company = CompanyId.of(web.companyId());
        var zoe = UUID.randomUUID();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            jdbc.sql("""
                    insert into customers (company_id, id, name, created_at, updated_at)
                    select :c, gen_random_uuid(), 'Customer ' || lpad(n::text, 4, '0'), now(), now() from generate_series(1, 600) n
                    """).param("c", company.value()).update();
            jdbc.sql("insert into customers (company_id, id, name, email, created_at, updated_at) values (:c, :id, 'Zoe Zimmer', 'zoe@example.com', now(), now())")
                    .param("c", company.value()).param("id", zoe).update();
        }));
        var call = call(company, "INBOUND", "+17735550155", zoe);
        var other = call(company, "INBOUND", "+17735550156", null);

        var page = web.get("/calls").body();
        assertThat(page).doesNotContain(">Zoe Zimmer</option>").contains(">Customer 0001</option>").contains("id=\"customers-capped\"")
                .contains("id=\"find-customer\"");
        var found = web.get("/calls?direction=INBOUND&find_customer=zoe%40example").body();
        assertThat(found).contains("<option value=\"" + zoe + "\">Zoe Zimmer</option>").doesNotContain(">Customer 0001</option>")
                .contains("The customer matching \u201czoe@example\u201d, in the Customer list.").doesNotContain("id=\"customers-capped\"");
        var filtered = web.get("/calls?direction=INBOUND&customer=" + zoe + "&find_customer=zoe%40example").body();
        assertThat(filtered).contains(call.toString()).doesNotContain(other.toString())
                .containsPattern("<option value=\"" + zoe + "\" selected[^>]*>Zoe Zimmer</option>");
        assertThat(web.get("/calls?find_customer=Nobody").body()).contains("No customer matches \u201cNobody\u201d.");

        var few = newCompanyOwner("Few Customers Heating");
        assertThat(few.get("/calls").body()).as("a list that holds every customer says nothing of it").doesNotContain("id=\"customers-capped\"");
    }
}
