package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** Round robin under concurrency: calls decided before any of them rang still start at different members. */
class RoundRobinTurnTest extends IntegrationTest {

    @Autowired
    RoutingSnapshots snapshots;

    @Autowired
    RoutingRules rules;

    @Test
    void callsDecidedTogetherRingInTurnAndThePointerNeverGoesBack() {
        var owner = api().signUpNewCompany("Turns Co");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        var ids = new ArrayList<String>();
        for (var name : List.of("Ann", "Bob", "Cid")) {
            ids.add(owner.post("/api/v1/members", Map.of("name", name, "phone_extension", String.valueOf(101 + ids.size()),
                    "sip_address", "sip:" + name.toLowerCase() + "@turns.sip.telnyx.com", "max_concurrent_calls", 5)).json().get("id").asString());
        }
        var rule = owner.post("/api/v1/routing-rules", Map.of("name", "Rotation", "type", "ROUND_ROBIN", "member_ids", ids));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var ruleId = java.util.UUID.fromString(rule.json().get("rule").get("id").asString());
        var at = Instant.parse("2026-11-25T18:00:00Z");
        var members = ids.stream().map(java.util.UUID::fromString).toList();
        // Two calls decided together, before either rang: both decisions start with Ann.
        var first = ring(company, at);
        var second = ring(company, at);
        assertThat(first).extracting(Decision.Ring::memberName).containsExactly("Ann", "Bob", "Cid");
        assertThat(second).isEqualTo(first);
        // The first rings now: in turn from the pointer (Ann), and moves it on from where it found it.
        var turn = TenantContext.callAs(company, () -> snapshots.turn(ruleId, members)).orElseThrow();
        assertThat(turn.order(first, Decision.Ring::memberId)).extracting(Decision.Ring::memberName).containsExactly("Ann", "Bob", "Cid");
        TenantContext.runAs(company, () -> rules.offeredRoundRobin(ruleId, 3, turn.pointer(), 1));
        // The second rings a moment later: it starts with Bob, not Ann again.
        var later = TenantContext.callAs(company, () -> snapshots.turn(ruleId, members)).orElseThrow();
        assertThat(later.order(second, Decision.Ring::memberId)).extracting(Decision.Ring::memberName).containsExactly("Bob", "Cid", "Ann");
        // A call that found the pointer at Ann (0) and offered Ann too cannot move it back from Bob...
        TenantContext.runAs(company, () -> rules.offeredRoundRobin(ruleId, 3, 0, 1));
        assertThat(pointer(owner)).isEqualTo(1);
        // ...but one that found it at Ann and, Ann being busy, offered Bob moves it on past Bob.
        TenantContext.runAs(company, () -> rules.offeredRoundRobin(ruleId, 3, 0, 2));
        assertThat(pointer(owner)).isEqualTo(2);
        // The second found it at Bob and offered Cid: the next call starts with Ann.
        TenantContext.runAs(company, () -> rules.offeredRoundRobin(ruleId, 3, later.pointer(), 0));
        assertThat(pointer(owner)).isZero();
    }

    private List<Decision.Ring> ring(CompanyId company, Instant at) {
        var decision = TenantContext.callAs(company, () -> snapshots.decideIncoming("+17735550123", "+13125550199", at).decision());
        return ((Decision.RingMembers) decision.action()).rings();
    }

    private static int pointer(dev.switchboard.support.ApiClient owner) {
        return owner.get("/api/v1/routing-rules").json().get(0).get("round_robin_next").asInt();
    }
}
