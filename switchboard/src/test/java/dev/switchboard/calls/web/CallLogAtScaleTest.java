package dev.switchboard.calls.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The call log page at a million calls: the first page, a page deep in the log reached by its keyset
 * cursor (no OFFSET: the index is entered at the cursor), and every filter are served by an index, never
 * by reading the whole table. Checked on the plan PostgreSQL chooses (timings are printed, not asserted:
 * a test does not judge by the clock).
 */
class CallLogAtScaleTest extends IntegrationTest {

    static final int CALLS = 1_000_000;
    static final java.util.UUID CUSTOMER = java.util.UUID.randomUUID();
    static final java.util.UUID MEMBER = java.util.UUID.randomUUID();

    @Autowired
    dev.switchboard.calls.CallLogs logs;

    @Autowired
    @org.springframework.beans.factory.annotation.Qualifier("ownerDataSource")
    javax.sql.DataSource ownerDataSource;

    @Autowired
    JdbcClient jdbc;
    @Autowired
    TransactionTemplate tx;

    @Test
    void pagesStayFastAtAMillionCalls() {
        var web = newCompanyOwner("Million Calls Plumbing");
        var company = CompanyId.of(web.companyId());
        long started = System.nanoTime();
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> jdbc.sql("""
                insert into calls (company_id, id, direction, from_number, to_number, phase, started_at, ended_at,
                  duration_seconds, billable_seconds, outcome, customer_id, answered_by)
                select :c, gen_random_uuid(), 'INBOUND', '+1773555' || lpad((i % 10000)::text, 4, '0'), '+13125550100', 'ENDED',
                  timestamptz '2020-01-01' + i * interval '1 minute', timestamptz '2020-01-01' + i * interval '1 minute' + interval '30 seconds',
                  30, 60, case when i % 3 = 0 then 'MISSED' else 'ANSWERED' end,
                  case when i % 1000 = 0 then :customer end, case when i % 500 = 0 then :member end
                from generate_series(1, :n) as i
                """).param("c", company.value()).param("n", CALLS).param("customer", CUSTOMER).param("member", MEMBER).update()));
        System.out.printf("inserted %d calls in %d ms%n", CALLS, (System.nanoTime() - started) / 1_000_000);
        // As the tables' owner: the app's role may not ANALYZE (PostgreSQL would skip it with a warning),
        // and the planner needs to know this company now has a million calls.
        JdbcClient.create(ownerDataSource).sql("analyze calls").update();

        web.get("/calls");
        long firstStart = System.nanoTime();
        var first = web.get("/calls");
        long firstMillis = (System.nanoTime() - firstStart) / 1_000_000;
        assertThat(first.body().split("class=\"call-row\"").length - 1).isEqualTo(50);

        // Deep in the log: the cursor of a call near the very beginning (the 100th oldest).
        var cursor = "beforeStartedAt=2020-01-01T01:40:00Z&beforeId=ffffffff-ffff-ffff-ffff-ffffffffffff";
        web.htmxGet("/calls?" + cursor);
        long deepStart = System.nanoTime();
        var deep = web.htmxGet("/calls?" + cursor);
        long deepMillis = (System.nanoTime() - deepStart) / 1_000_000;
        assertThat(deep.body().split("class=\"call-row\"").length - 1).isEqualTo(50);
        assertThat(Pattern.compile("Older calls").matcher(deep.body()).find()).isTrue();
        System.out.printf("first page %d ms, deep page %d ms at %d calls%n", firstMillis, deepMillis, CALLS);

        var deepCursor = java.time.Instant.parse("2020-01-01T01:40:00Z");
        var filters = java.util.Map.of(
                "none", filter(null, null, null, null, null),
                "deep cursor", filter(null, null, null, deepCursor, null),
                "number", filter("+17735550042", null, null, null, null),
                "customer", filter(null, CUSTOMER, null, null, null),
                "member", filter(null, null, MEMBER, null, null),
                "outcome and period", filter(null, null, null, null, "MISSED"),
                "outcomes and period", filter(null, null, null, null, "MISSED,ABANDONED,VOICEMAIL"));
        filters.forEach((name, f) -> {
            var plan = TenantContext.callAs(company, () -> logs.plan(f));
            assertThat(plan).as(name + ":\n" + plan).doesNotContain("Seq Scan on calls");
            var index = switch (name) {
                case "number" -> "calls_from_number";
                case "customer" -> "calls_customer";
                case "member" -> "calls_answered_by";
                default -> "calls_company_started";
            };
            assertThat(plan).as(name + ":\n" + plan).contains(index);
            long t0 = System.nanoTime();
            var rows = TenantContext.callAs(company, () -> logs.list(f));
            System.out.printf("filter %-20s %4d rows in %d ms%n", name, rows.size(), (System.nanoTime() - t0) / 1_000_000);
            assertThat(rows).isNotEmpty();
        });
    }

    static dev.switchboard.calls.CallLogs.Filter filter(String number, java.util.UUID customer, java.util.UUID member,
            java.time.Instant before, String outcome) {
        var from = outcome == null ? null : java.time.Instant.parse("2021-01-01T00:00:00Z");
        var to = outcome == null ? null : java.time.Instant.parse("2021-02-01T00:00:00Z");
        return new dev.switchboard.calls.CallLogs.Filter(from, to, member, null, outcome == null ? null : java.util.List.of(outcome),
                number, customer, before,
                before == null ? null : java.util.UUID.fromString("ffffffff-ffff-ffff-ffff-ffffffffffff"), 50);
    }
}
