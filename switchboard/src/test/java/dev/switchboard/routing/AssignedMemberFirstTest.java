package dev.switchboard.routing;

import static dev.switchboard.routing.RouterTest.CHICAGO;
import static dev.switchboard.routing.RouterTest.MAIN;
import static dev.switchboard.routing.RouterTest.WEDNESDAY_NOON;
import static dev.switchboard.routing.RouterTest.member;
import static dev.switchboard.routing.RouterTest.with;
import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.directory.Availability;
import dev.switchboard.directory.MemberStatus;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.directory.Vacation;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** "Ring the caller's technician first": the pure decision, for a customer calling about an open job. */
class AssignedMemberFirstTest {

    final TeamMember ann = member("Ann", "101", null, Availability.initial(Instant.EPOCH));
    final TeamMember bob = member("Bob", "102", null, Availability.initial(Instant.EPOCH));
    final TeamMember sam = withTimeout(member("Sam Okafor", "103", null, Availability.initial(Instant.EPOCH)), 30);

    static TeamMember withTimeout(TeamMember m, int seconds) {
        return new TeamMember(m.id(), m.name(), m.email(), m.role(), m.phoneExtension(), m.directInwardDial(), m.extensionEnabled(),
                m.voicemailPinSet(), m.callForwardingEnabled(), m.callForwardingNumber(), m.simultaneousRingEnabled(),
                m.confirmForwardedCalls(), seconds, m.voicemailGreetingUrl(), m.sipAddress(), m.maxConcurrentCalls(), m.availability(),
                m.createdAt(), m.updatedAt());
    }

    static RoutingRule office(RuleType type, List<UUID> members, boolean technicianFirst) {
        return new RoutingRule(UUID.randomUUID(), "Office", type, 1, true, 25, true, false, members, null, null, null, null, null, null,
                null, 0, Instant.EPOCH, Instant.EPOCH, technicianFirst);
    }

    static RoutingSnapshot snapshot(List<TeamMember> members, RoutingRule rule) {
        return new RoutingSnapshot(CHICAGO, members, RouterTest.weekdays(List.of()), List.of(), List.of(rule), List.of(), Map.of(),
                PhoneSettings.Settings.defaults());
    }

    Router.Call customerCall(UUID technician) {
        return new Router.Call("+17735550123", MAIN, true, Set.of(), WEDNESDAY_NOON,
                new Router.OpenJob("Jane Doe", UUID.randomUUID(), "Water heater", technician, UUID.randomUUID(), 1));
    }

    static List<String> names(Decision.RingMembers ring) {
        return ring.rings().stream().map(Decision.Ring::memberName).toList();
    }

    @Test
    void theTechnicianRingsAloneFirstForTheirOwnTimeoutThenTheRuleWithoutThem() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), sam.id(), bob.id()), true);
        var d = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, bob, sam), rule));

        var first = (Decision.RingMembers) d.action();
        assertThat(names(first)).containsExactly("Sam Okafor");
        assertThat(first.rings().getFirst().timeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(first.ruleId()).as("not a turn of the rule").isNull();
        var then = (Decision.RingMembers) first.noAnswer();
        assertThat(names(then)).containsExactly("Ann", "Bob");
        assertThat(then.simultaneous()).isTrue();
        assertThat(then.ruleId()).isEqualTo(rule.id());
        assertThat(then.rings().getFirst().timeout()).isEqualTo(Duration.ofSeconds(25));
        assertThat(then.noAnswer()).isEqualTo(new Decision.Voicemail(null));
        assertThat(d.ruleId()).isEqualTo(rule.id());
        assertThat(d.trace()).containsSubsequence(
                "caller is customer 'Jane Doe' with open job 'Water heater' assigned to Sam Okafor: ringing Sam Okafor first",
                "ring Sam Okafor at sip:sam okafor@demo.sip.telnyx.com for 30 s",
                "then rule 'Office' without Sam Okafor",
                "ring Ann at sip:ann@demo.sip.telnyx.com for 25 s");
    }

    @Test
    void aRoundRobinRuleRingsTheTechnicianThenTakesItsTurnsWithoutThem() {
        var rule = office(RuleType.ROUND_ROBIN, List.of(sam.id(), ann.id(), bob.id()), true).withRoundRobinNext(1);
        var d = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, bob, sam), rule));
        var first = (Decision.RingMembers) d.action();
        assertThat(names(first)).containsExactly("Sam Okafor");
        var then = (Decision.RingMembers) first.noAnswer();
        assertThat(then.simultaneous()).isFalse();
        assertThat(names(then)).containsExactly("Ann", "Bob");
        assertThat(then.ruleId()).isEqualTo(rule.id());
    }

    @Test
    void aTechnicianWhoIsNotInTheRuleIsRungFirstAnyway() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), bob.id()), true);
        var d = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, bob, sam), rule));
        var first = (Decision.RingMembers) d.action();
        assertThat(names(first)).containsExactly("Sam Okafor");
        assertThat(names((Decision.RingMembers) first.noAnswer())).containsExactly("Ann", "Bob");
        assertThat(d.trace()).contains("then rule 'Office'");
    }

    @Test
    void aTechnicianOnVacationIsSkippedWithTheReasonAndTheRuleRingsAsUsual() {
        var away = with(sam, Availability.initial(Instant.EPOCH)
                .withVacation(new Vacation(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 30), "Fishing", true)));
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), sam.id(), bob.id()), true);
        var d = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, bob, away), rule));
        var ring = (Decision.RingMembers) d.action();
        assertThat(names(ring)).containsExactly("Ann", "Bob");
        assertThat(ring.ruleId()).isEqualTo(rule.id());
        assertThat(d.trace()).containsSubsequence(
                "caller is customer 'Jane Doe' with open job 'Water heater' assigned to Sam Okafor: not ringing Sam Okafor first",
                "skipped Sam Okafor: on vacation until the end of 2026-11-30",
                "rule 'Office' as usual");
        assertThat(d.trace()).as("the reason once").filteredOn(l -> l.startsWith("skipped Sam Okafor")).hasSize(1);
    }

    @Test
    void aTechnicianAwayOrInDoNotDisturbIsSkippedWithTheReason() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id()), true);
        var awaySam = with(sam, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.AWAY, "lunch"));
        var away = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, awaySam), rule));
        assertThat(names((Decision.RingMembers) away.action())).containsExactly("Ann");
        assertThat(away.trace()).anyMatch(l -> l.startsWith("skipped Sam Okafor: "));

        var quiet = with(sam, Availability.initial(Instant.EPOCH).withDoNotDisturbUntil(WEDNESDAY_NOON.plusSeconds(3600)));
        var dnd = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, quiet), rule));
        assertThat(names((Decision.RingMembers) dnd.action())).containsExactly("Ann");
        assertThat(dnd.trace()).anyMatch(l -> l.startsWith("skipped Sam Okafor: ") && l.contains("do-not-disturb"));
    }

    @Test
    void aCallerWithNoOpenJobOrNotACustomerGetsTheRulesPlan() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), bob.id()), true);
        var s = snapshot(List.of(ann, bob, sam), rule);
        var noJob = Router.decide(new Router.Call("+17735550123", MAIN, true, Set.of(), WEDNESDAY_NOON), s);
        assertThat(names((Decision.RingMembers) noJob.action())).containsExactly("Ann", "Bob");
        assertThat(noJob.trace()).contains("rule 'Office' rings the caller's technician first, but the caller has no open job: its members as usual");
        var stranger = Router.decide(new Router.Call("+17735550123", MAIN, false, Set.of(), WEDNESDAY_NOON), s);
        assertThat(names((Decision.RingMembers) stranger.action())).containsExactly("Ann", "Bob");
        assertThat(stranger.trace()).anyMatch(l -> l.contains("the caller is not a known customer"));
    }

    @Test
    void anOpenJobAssignedToNobodyOrToAMemberNoLongerThereGetsTheRulesPlan() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), bob.id()), true);
        var s = snapshot(List.of(ann, bob), rule);
        var nobody = Router.decide(customerCall(null), s);
        assertThat(names((Decision.RingMembers) nobody.action())).containsExactly("Ann", "Bob");
        assertThat(nobody.trace()).contains("caller is customer 'Jane Doe' with open job 'Water heater' assigned to nobody: rule 'Office' as usual");
        var gone = Router.decide(customerCall(UUID.randomUUID()), s);
        assertThat(names((Decision.RingMembers) gone.action())).containsExactly("Ann", "Bob");
        assertThat(gone.trace()).anyMatch(l -> l.contains("assigned to a member no longer in the directory"));
    }

    @Test
    void withTheOptionOffTheTechnicianIsNotRungFirst() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), sam.id()), false);
        var d = Router.decide(customerCall(sam.id()), snapshot(List.of(ann, sam), rule));
        var ring = (Decision.RingMembers) d.action();
        assertThat(names(ring)).containsExactly("Ann", "Sam Okafor");
        assertThat(ring.noAnswer()).isEqualTo(new Decision.Voicemail(null));
        assertThat(d.trace()).noneMatch(l -> l.contains("technician") || l.contains("open job"));
    }

    @Test
    void whenTheTechnicianIsTheRulesOnlyMemberTheRulesNoAnswerTargetFollowsThem() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(sam.id()), true);
        var d = Router.decide(customerCall(sam.id()), snapshot(List.of(sam), rule));
        var first = (Decision.RingMembers) d.action();
        assertThat(names(first)).containsExactly("Sam Okafor");
        assertThat(first.noAnswer()).isEqualTo(new Decision.Voicemail(null));
        assertThat(d.trace()).contains("nobody else in rule 'Office' can take the call: general voicemail");
    }

    /** A number several customers share: the trace says the job is the most recently updated open one of all of theirs. */
    @Test
    void theTraceSaysWhenTheJobWasPickedAmongSeveralCustomersWithTheNumber() {
        var rule = office(RuleType.SIMULTANEOUS, List.of(ann.id(), bob.id()), true);
        var shared = new Router.Call("+17735550123", MAIN, true, Set.of(), WEDNESDAY_NOON,
                new Router.OpenJob("Doe Household", UUID.randomUUID(), "Boiler", sam.id(), UUID.randomUUID(), 2));
        var d = Router.decide(shared, snapshot(List.of(ann, bob, sam), rule));
        assertThat(names((Decision.RingMembers) d.action())).containsExactly("Sam Okafor");
        assertThat(d.trace()).contains("caller is customer 'Doe Household' with open job 'Boiler' (the most recently updated open job of the"
                + " 2 customers with this number) assigned to Sam Okafor: ringing Sam Okafor first");
        assertThat(Router.decide(customerCall(sam.id()), snapshot(List.of(ann, bob, sam), rule)).trace())
                .noneMatch(l -> l.contains("customers with this number"));
    }
}
