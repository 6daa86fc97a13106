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

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    /**
     * The default strategy's pointer (kept with the phone settings) as a ringing call moves it in its own transaction:
     * a row made when the settings were never saved (a call's own pointer move, out of its transaction), and, from a
     * ringing call's transaction, like a rule's, given up at once while another transaction
     * holds the row (that call moves it on itself) rather than waiting for that transaction's commit.
     */
    @Test
    void theDefaultStrategysPointerIsMadeWhenMissingAndAHeldRowIsNotWaitedFor() throws Exception {
        var owner = api().signUpNewCompany("Team Turns Co");
        var company = CompanyId.of(owner.get("/api/v1/me").json().get("company_id").asString());
        TenantContext.runAs(company, () -> rules.offeredRoundRobin(RoutingRule.TEAM_ID, 3, 0, 1));
        assertThat(teamPointer(company)).isEqualTo(1);
        var settings = owner.get("/api/v1/phone-settings").json();
        assertThat(settings.get("default_strategy").asString()).isEqualTo("SIMULTANEOUS");
        assertThat(settings.get("voicemail_enabled").asBoolean()).isTrue();

        var locked = new java.util.concurrent.CountDownLatch(1);
        var release = new java.util.concurrent.CountDownLatch(1);
        var holder = java.util.concurrent.Executors.newSingleThreadExecutor();
        try {
            var held = holder.submit(() -> TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
                jdbc.sql("select 1 from phone_settings where company_id = :c for update").param("c", company.value()).query().singleRow();
                locked.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            })));
            locked.await();
            int[] changed = {-1};
            TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
                jdbc.sql("set local lock_timeout = '2s'").update();
                changed[0] = rules.roundRobinWrite(RoutingRule.TEAM_ID, 3, 1, 2, false).run(jdbc);
            }));
            assertThat(changed[0]).as("another call holds the row: it moves the pointer on itself").isZero();
            release.countDown();
            held.get();
        } finally {
            release.countDown();
            holder.shutdown();
        }
        assertThat(teamPointer(company)).isEqualTo(1);
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> rules.roundRobinWrite(RoutingRule.TEAM_ID, 3, 1, 2, false).run(jdbc)));
        assertThat(teamPointer(company)).isEqualTo(2);
    }

    private int teamPointer(CompanyId company) {
        return TenantContext.callAs(company, () -> tx.execute(s -> jdbc.sql("select default_round_robin_next from phone_settings where company_id = :c")
                .param("c", company.value()).query(Integer.class).single()));
    }

    private List<Decision.Ring> ring(CompanyId company, Instant at) {
        var decision = TenantContext.callAs(company, () -> snapshots.decideIncoming("+17735550123", "+13125550199", at).decision());
        return ((Decision.RingMembers) decision.action()).rings();
    }

    private static int pointer(dev.switchboard.support.ApiClient owner) {
        return owner.get("/api/v1/routing-rules").json().get(0).get("round_robin_next").asInt();
    }
}
