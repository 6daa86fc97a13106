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
 * The customer (and job) of a call in the call log: named in the API's rows and the exports, and kept by the log's
 * customer filter whoever they are.
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
}
