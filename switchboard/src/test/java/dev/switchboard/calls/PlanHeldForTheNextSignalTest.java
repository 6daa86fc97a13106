package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.routing.Decision;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The plan a signal writes is held as parsed for the call's next signal, which finds it by the text it reads
 * back: PostgreSQL must give back the very text written (a {@code json} column), or every signal parses again.
 */
class PlanHeldForTheNextSignalTest extends IntegrationTest {

    @Autowired
    CallStore store;

    @Autowired
    TransactionTemplate tx;

    @Test
    void theNextSignalGetsThePlanTheLastOneWroteWithoutParsingIt() {
        var owner = api().signUpNewCompany("Plan text");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var callId = UUID.randomUUID();
        var at = Instant.parse("2026-12-03T15:00:00Z");
        var plan = new Decision(new Decision.Greeting("Thanks for calling — we’ll be right with you", null, "en-US", null),
                new Decision.RingMembers(List.of(new Decision.Ring(UUID.randomUUID(), "Zoë", List.of("sip:zoe@example.test"),
                        Duration.ofSeconds(20))), false, new Decision.Voicemail(null), UUID.randomUUID()), null, true, List.of());
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            store.beginUnit();
            try {
                store.create(callId, "INBOUND", "+17735550123", "+13125550100", "RINGING", "v3:plan-caller", at);
                store.update(callId, Map.of("plan", store.planText(callId, plan)));
                store.flush();
            } finally {
                store.endUnit();
            }
        }));

        var read = TenantContext.callAs(company, () -> tx.execute(s -> {
            store.beginUnit();
            try {
                return store.lock(callId).orElseThrow();
            } finally {
                store.endUnit();
            }
        }));
        assertThat(store.parsed(callId, read.plan(), Decision.class)).isSameAs(plan);
    }
}
