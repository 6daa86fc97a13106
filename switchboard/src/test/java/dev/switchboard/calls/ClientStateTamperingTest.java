package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.shared.CompanyId;
import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;

/**
 * The client state is echoed by the carrier, not proof of anything: an event of one company's leg carrying a state that
 * names another company's call (altered on its way, or set by a command that named the wrong call) must not act on that call.
 */
@Import(ClientStateTamperingTest.VirtualTime.class)
class ClientStateTamperingTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    @Autowired
    CallEngine engine;

    @Test
    void aLegOfOneCompanysCallCannotAnswerAnotherCompanysCallByItsClientState() {
        // The victim: a caller waiting while Ann's phone rings.
        newCompanyWithAnnAndBob("Victim Co", 60);
        everyoneRings();
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var victimCaller = sim.call("+17735550123", number);
        sim.advance(Duration.ofSeconds(2));
        var victimCompany = company;
        var victimAnn = UUID.fromString(ann);
        var victimCall = UUID.fromString(call().get("id").toString());

        // The other company's call, whose leg's hangup comes back under a state naming the victim's call as its caller.
        newCompanyWithAnnAndBob("Other Co", 60);
        everyoneRings();
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var otherCaller = sim.call("+17735550199", number);
        sim.advance(Duration.ofSeconds(2));
        // Taken, it would put the victim's caller through to the other company's caller, as if Ann had answered.
        var otherLeg = otherCaller.leg().callControlId();
        var forged = new ClientState(victimCompany.value(), victimCall, CallEngine.MEMBER, victimAnn).encode();
        engine.handle(new CallSignal.Answered("forged-" + UUID.randomUUID(), otherLeg, null, sim.clock().instant(), forged));
        sim.advance(Duration.ofSeconds(1));

        var victim = inCompanyOf(victimCompany, victimCall);
        assertThat(victim.get("answered_at")).as("nobody answered the victim's call").isNull();
        assertThat(victimCaller.leg().bridgedWith()).isNull();
        int taken = dev.switchboard.platform.TenantContext.callAs(victimCompany, () -> tx.execute(s -> jdbc.sql(
                "select count(*) from call_legs where company_id = :c and leg_id = :l").param("c", victimCompany.value()).param("l", otherLeg)
                .query(Integer.class).single()));
        assertThat(taken).as("the other company's leg is not made one of the victim's call").isZero();
        victimCaller.hangUp();
        otherCaller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(inCompanyOf(victimCompany, victimCall).get("ended_at")).as("its own caller's hangup still ends it").isNotNull();
    }

    private void everyoneRings() {
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 60));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
    }

    private Map<String, Object> inCompanyOf(CompanyId c, UUID callId) {
        return dev.switchboard.platform.TenantContext.callAs(c, () -> tx.execute(s -> jdbc.sql("select * from calls where company_id = :c and id = :id")
                .param("c", c.value()).param("id", callId).query().singleRow()));
    }
}
