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
 * The call log page at a million calls: the first page, and a page deep in the log reached by its
 * keyset cursor, both answer as fast as on an empty log (no OFFSET: the index is entered at the cursor).
 */
class CallLogAtScaleTest extends IntegrationTest {

    static final int CALLS = 1_000_000;

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
                  duration_seconds, billable_seconds, outcome)
                select :c, gen_random_uuid(), 'INBOUND', '+1773555' || lpad((i % 10000)::text, 4, '0'), '+13125550100', 'ENDED',
                  timestamptz '2020-01-01' + i * interval '1 minute', timestamptz '2020-01-01' + i * interval '1 minute' + interval '30 seconds',
                  30, 60, case when i % 3 = 0 then 'MISSED' else 'ANSWERED' end
                from generate_series(1, :n) as i
                """).param("c", company.value()).param("n", CALLS).update()));
        System.out.printf("inserted %d calls in %d ms%n", CALLS, (System.nanoTime() - started) / 1_000_000);
        jdbc.sql("analyze calls").update();

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
        assertThat(firstMillis).isLessThan(1000);
        assertThat(deepMillis).isLessThan(1000);
    }
}
