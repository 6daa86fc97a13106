package dev.switchboard.queue.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.queue.QueueLine;
import dev.switchboard.queue.Queues;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import java.time.Clock;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The queues page: each queue with who is waiting now and today's numbers. */
class QueuesPageTest extends IntegrationTest {

    @Autowired
    Queues queues;

    @Autowired
    QueueLine line;

    @Autowired
    Clock clock;

    @Test
    void theDemoQueueShowsItsCallersInLineAndTodaysNumbers() {
        var web = WebClient.loggedIn(port, "owner@demo.test", "demo");
        var company = CompanyId.of(api().login("owner@demo.test", "demo").get("/api/v1/me").json().get("company_id").asString());
        var empty = web.get("/queues");
        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body()).contains("<h1>Call queues</h1>").contains("Service desk").contains("Longest idle")
                .contains("Nobody is waiting.").contains("Answered within 20 s");

        var queue = TenantContext.callAs(company, () -> queues.list().getFirst());
        var joined = (QueueLine.Joined) TenantContext.callAs(company,
                () -> line.join(queue.id(), UUID.randomUUID(), "+17735550199", Set.of(), clock.instant()));
        try {
            var page = web.get("/queues").body();
            assertThat(page).contains("+17735550199").contains("class=\"waiting-row\"").doesNotContain("Nobody is waiting.");
            assertThat(page).containsPattern("<dt>Offered</dt><dd>[1-9]");
        } finally {
            TenantContext.runAs(company, () -> line.abandoned(joined.entryId(), clock.instant()));
        }
        // An agent sees the page too (read-only).
        var agent = WebClient.loggedIn(port, "aisha@demo.test", "demo-agent");
        assertThat(agent.get("/queues").status()).isEqualTo(200);
    }
}
