package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.directory.Availability;
import dev.switchboard.directory.MemberStatus;
import dev.switchboard.directory.TeamMember;
import dev.switchboard.directory.Vacation;
import dev.switchboard.schedule.Holiday;
import dev.switchboard.schedule.HolidayRule;
import dev.switchboard.schedule.OpenRange;
import dev.switchboard.schedule.Recurrence;
import dev.switchboard.schedule.Schedule;
import dev.switchboard.shared.Extension;
import dev.switchboard.shared.PhoneNumber;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The routing decision, pure, at chosen instants in America/Chicago. */
class RouterTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    static final Instant WEDNESDAY_NOON = Instant.parse("2026-11-25T18:00:00Z");
    static final Instant WEDNESDAY_NIGHT = Instant.parse("2026-11-26T04:00:00Z"); // 22:00 CST
    static final String MAIN = "+13125550100";

    final TeamMember ann = member("Ann", "101", "+13125550201", Availability.initial(Instant.EPOCH));
    final TeamMember bob = member("Bob", "102", null, Availability.initial(Instant.EPOCH));
    final TeamMember cat = member("Cat", "103", null, Availability.initial(Instant.EPOCH));

    static TeamMember member(String name, String ext, String did, Availability a) {
        return new TeamMember(UUID.randomUUID(), name, null, null, new Extension(ext), did == null ? null : new PhoneNumber(did), true,
                false, false, null, false, false, 20, null, "sip:" + name.toLowerCase() + "@demo.sip.telnyx.com", 1, a, Instant.EPOCH, Instant.EPOCH);
    }

    static TeamMember with(TeamMember m, Availability a) {
        return new TeamMember(m.id(), m.name(), m.email(), m.role(), m.phoneExtension(), m.directInwardDial(), m.extensionEnabled(),
                m.voicemailPinSet(), m.callForwardingEnabled(), m.callForwardingNumber(), m.simultaneousRingEnabled(),
                m.confirmForwardedCalls(), m.ringTimeoutSeconds(), m.voicemailGreetingUrl(), m.sipAddress(), m.maxConcurrentCalls(), a, m.createdAt(), m.updatedAt());
    }

    static RoutingRule rule(String name, RuleType type, int priority, List<UUID> members, Conditions conditions, Target match,
            Target noAnswer, int pointer) {
        return new RoutingRule(UUID.randomUUID(), name, type, priority, true, 25, true, false, members, null, null, conditions, match,
                null, null, noAnswer, pointer, Instant.EPOCH, Instant.EPOCH);
    }

    static Schedule weekdays(List<HolidayRule> holidays) {
        var ranges = Stream.of("MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY").map(d -> OpenRange.parse(d, "08:00", "18:00")).toList();
        return new Schedule(CHICAGO, ranges, true, holidays, List.of());
    }

    RoutingSnapshot snapshot(List<TeamMember> members, List<RoutingRule> rules, List<Holiday> holidays) {
        return new RoutingSnapshot(CHICAGO, members, weekdays(holidays.stream().map(Holiday::rule).toList()), holidays, rules,
                List.of(), Map.of(), PhoneSettings.Settings.defaults());
    }

    static Router.Call call(String dialled, Instant at, Set<String> tags) {
        return new Router.Call("+17735550123", dialled, !tags.isEmpty(), tags, at);
    }

    /** The trace's first line is read by a dispatcher: the company's local time as people write it, not ISO with microseconds. */
    @Test
    void theTraceOpensWithTheCallsLocalTimeAsPeopleReadIt() {
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON.plusNanos(123_456_000), Set.of()), snapshot(List.of(ann), List.of(), List.of()));
        assertThat(d.trace().getFirst())
                .isEqualTo("call from +17735550123 to " + MAIN + " on Wed 25 Nov 2026 at 12:00:00 PM CST (America/Chicago)");
    }

    /**
     * The trace says where a call nobody answers goes as a plan, not as a step: "ring Ann, ring Bob, general voicemail"
     * read, on a call Ann answered, as if it had reached the voicemail.
     */
    @Test
    void theTraceSaysTheNoAnswerTargetIsForACallNobodyAnswers() {
        var everyone = rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id(), bob.id()), null, null, null, 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(ann, bob), List.of(everyone), List.of()));
        assertThat(d.trace()).containsSubsequence("rule 'Everyone' (Everyone at once, priority 1) applies", "ring Bob at sip:bob@demo.sip.telnyx.com for 25 s",
                "if nobody answers: general voicemail").doesNotContain("general voicemail");

        var toBob = rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null,
                new Target(Target.Kind.MEMBER, bob.id(), null, null, null), 0);
        var onToBob = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(ann, bob), List.of(toBob), List.of()));
        assertThat(onToBob.trace()).containsSubsequence("ring Ann at sip:ann@demo.sip.telnyx.com for 25 s", "if nobody answers:",
                "ring Bob at sip:bob@demo.sip.telnyx.com for 20 s");
    }

    /**
     * A rule whose no-answer target is an outside number (the answering service) says so in the trace: it read "if nobody
     * answers: as planned", which told the owner nothing; a forward with voicemail off says it hangs up after.
     */
    @Test
    void theTraceNamesTheOutsideNumberACallIsForwardedTo() {
        var onCall = rule("On call", RuleType.ROUND_ROBIN, 1, List.of(ann.id(), bob.id()), null, null,
                new Target(Target.Kind.EXTERNAL_NUMBER, null, null, "+13125550199", null), 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(ann, bob), List.of(onCall), List.of()));
        assertThat(d.trace()).containsSubsequence("ring Bob at sip:bob@demo.sip.telnyx.com for 25 s", "if nobody answers:",
                "forward to +13125550199 for 30 s; if nobody answers there: general voicemail").doesNotContain("if nobody answers: as planned");

        var noVoicemail = new RoutingSnapshot(CHICAGO, List.of(ann), weekdays(List.of()), List.of(), List.of(), List.of(), Map.of(),
                new PhoneSettings.Settings(DefaultStrategy.SIMULTANEOUS, false, false,
                        new Target(Target.Kind.EXTERNAL_NUMBER, null, null, "+13125550199", null), 1, 2, 60, 20,
                        false, PhoneSettings.DEFAULT_TEXT_BACK_MESSAGE, false, 24, false, true, PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT));
        var night = Router.decide(call(MAIN, WEDNESDAY_NIGHT, Set.of()), noVoicemail);
        assertThat(night.trace()).contains("forward to +13125550199 for 30 s; if nobody answers there: voicemail is off: hang up with a message");
    }

    @Test
    void aDirectLineRingsItsMemberEvenAfterHours() {
        var d = Router.decide(call("+13125550201", WEDNESDAY_NIGHT, Set.of()), snapshot(List.of(ann, bob), List.of(), List.of()));
        var ring = (Decision.RingMembers) d.action();
        assertThat(ring.rings()).extracting(Decision.Ring::memberName).containsExactly("Ann");
        assertThat(ring.rings().getFirst().destinations()).containsExactly("sip:ann@demo.sip.telnyx.com");
        assertThat(ring.noAnswer()).isEqualTo(new Decision.Voicemail(ann.id()));
        assertThat(d.trace()).anyMatch(l -> l.contains("direct line of Ann"));
    }

    @Test
    void aMemberOnVacationIsSkippedWithTheReasonInTheTrace() {
        var away = with(ann, Availability.initial(Instant.EPOCH)
                .withVacation(new Vacation(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 30), "Fishing", true)));
        var d = Router.decide(call("+13125550201", WEDNESDAY_NOON, Set.of()), snapshot(List.of(away), List.of(), List.of()));
        // Her auto-reply is on: the caller hears it before her voicemail greeting.
        assertThat(d.action()).isEqualTo(new Decision.Voicemail(ann.id(), "Fishing"));
        assertThat(d.trace()).contains("skipped Ann: on vacation until the end of 2026-11-30", "Ann's vacation auto-reply, then their voicemail");
        var noAutoReply = with(ann, Availability.initial(Instant.EPOCH)
                .withVacation(new Vacation(LocalDate.of(2026, 11, 20), LocalDate.of(2026, 11, 30), "Fishing", false)));
        var quiet = Router.decide(call("+13125550201", WEDNESDAY_NOON, Set.of()), snapshot(List.of(noAutoReply), List.of(), List.of()));
        assertThat(quiet.action()).isEqualTo(new Decision.Voicemail(ann.id()));
    }

    @Test
    void aHolidayAt2330OnDecember24InChicagoIsChristmasEveNotChristmas() {
        var christmas = holiday("Christmas", LocalDate.of(2025, 12, 25), "We are closed for Christmas.", null);
        var eve = holiday("Christmas Eve", LocalDate.of(2025, 12, 24), "Happy holidays, we are closed.", null);
        var lateEve = Instant.parse("2026-12-25T05:30:00Z"); // Dec 24 23:30 CST, already Dec 25 in UTC
        var onlyChristmas = Router.decide(call(MAIN, lateEve, Set.of()), snapshot(List.of(ann), List.of(), List.of(christmas)));
        assertThat(onlyChristmas.greeting()).isNull();
        assertThat(onlyChristmas.trace()).noneMatch(l -> l.contains("holiday today"));
        var withEve = Router.decide(call(MAIN, lateEve, Set.of()), snapshot(List.of(ann), List.of(), List.of(christmas, eve)));
        assertThat(withEve.greeting().text()).isEqualTo("Happy holidays, we are closed.");
        assertThat(withEve.action()).isEqualTo(new Decision.Voicemail(null));
        assertThat(withEve.trace()).contains("holiday today: Christmas Eve");
    }

    @Test
    void aHolidayWithARuleFollowsTheRule() {
        var crew = rule("Holiday crew", RuleType.SIMULTANEOUS, 1, List.of(bob.id()), null, null, null, 0);
        var h = holiday("Thanksgiving", LocalDate.of(2026, 11, 26), null, crew.id());
        var thursday = Instant.parse("2026-11-26T18:00:00Z");
        var d = Router.decide(call(MAIN, thursday, Set.of()), snapshot(List.of(ann, bob), List.of(crew), List.of(h)));
        assertThat(((Decision.RingMembers) d.action()).rings()).extracting(Decision.Ring::memberName).containsExactly("Bob");
        assertThat(d.greeting()).isNull();
    }

    @Test
    void afterHoursGoesToTheAfterHoursTarget() {
        var everyone = rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id(), bob.id()), null, null, null, 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NIGHT, Set.of()), snapshot(List.of(ann, bob), List.of(everyone), List.of()));
        assertThat(d.action()).isEqualTo(new Decision.Voicemail(null));
        assertThat(d.trace()).anyMatch(l -> l.startsWith("closed (outside business hours)"));
    }

    @Test
    void rulesApplyByPriorityAndConditionsPickVipCallers() {
        var vip = rule("VIP", RuleType.CONDITIONAL, 1, List.of(), new Conditions(null, null, "VIP", null, Set.of(), null, null),
                new Target(Target.Kind.MEMBER, cat.id(), null, null, null), null, 0);
        var everyone = rule("Everyone", RuleType.SIMULTANEOUS, 2, List.of(ann.id(), bob.id()), null, null, null, 0);
        var s = snapshot(List.of(ann, bob, cat), List.of(vip, everyone), List.of());
        var vipCall = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of("VIP")), s);
        assertThat(((Decision.RingMembers) vipCall.action()).rings()).extracting(Decision.Ring::memberName).containsExactly("Cat");
        assertThat(vipCall.ruleId()).isEqualTo(vip.id());
        var other = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), s);
        var ring = (Decision.RingMembers) other.action();
        assertThat(ring.simultaneous()).isTrue();
        assertThat(ring.rings()).extracting(Decision.Ring::memberName).containsExactly("Ann", "Bob");
        assertThat(other.trace()).contains("rule 'VIP' does not match");
    }

    @Test
    void simultaneousRingSkipsWhoCannotTakeTheCallAndRingsForwardingNumbersToo() {
        var dnd = with(bob, Availability.initial(Instant.EPOCH).withDoNotDisturbUntil(WEDNESDAY_NOON.plusSeconds(600)));
        var offline = with(cat, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.OFFLINE, null));
        var mobile = new TeamMember(ann.id(), "Ann", null, null, ann.phoneExtension(), ann.directInwardDial(), true, false, true,
                new PhoneNumber("+17735550199"), true, false, 20, null, ann.sipAddress(), 1, ann.availability(), Instant.EPOCH, Instant.EPOCH);
        var everyone = rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id(), bob.id(), cat.id()), null, null, null, 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(mobile, dnd, offline), List.of(everyone), List.of()));
        var ring = (Decision.RingMembers) d.action();
        assertThat(ring.rings()).extracting(Decision.Ring::memberName).containsExactly("Ann");
        assertThat(ring.rings().getFirst().destinations()).containsExactly("sip:ann@demo.sip.telnyx.com", "+17735550199");
        assertThat(d.trace()).anyMatch(l -> l.startsWith("skipped Bob: do-not-disturb until"));
        assertThat(d.trace()).as("the instant with its offset, so an API reader knows when").contains(
                "skipped Bob: do-not-disturb until " + WEDNESDAY_NOON.plusSeconds(600).atZone(CHICAGO).toOffsetDateTime());
        assertThat(d.trace()).contains("skipped Cat: offline");
    }

    /**
     * Who is not rung, and why, as data beside the trace: the what-if page read it back out of the trace's words, which
     * a rename of a reason's words would have silently emptied.
     */
    @Test
    void theDecisionListsEachMemberItDoesNotRingWithTheReasonAsData() {
        var until = WEDNESDAY_NOON.plusSeconds(600);
        var dnd = with(bob, Availability.initial(Instant.EPOCH).withDoNotDisturbUntil(until));
        var offline = with(cat, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.OFFLINE, null));
        var noPhone = new TeamMember(UUID.randomUUID(), "Dee", null, null, new Extension("104"), null, true, false, false, null, false,
                false, 20, null, null, 1, Availability.initial(Instant.EPOCH), Instant.EPOCH, Instant.EPOCH);
        var everyone = rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id(), bob.id(), cat.id(), noPhone.id()), null, null,
                new Target(Target.Kind.MEMBER, bob.id(), null, null, null), 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(ann, dnd, offline, noPhone), List.of(everyone), List.of()));

        assertThat(d.skipped()).as("Bob once, though the no-answer target tries him again").containsExactly(
                new Decision.Skipped(bob.id(), "Bob", Decision.SkipReason.DO_NOT_DISTURB, until, "do-not-disturb until 2026-11-25T12:10-06:00"),
                new Decision.Skipped(cat.id(), "Cat", Decision.SkipReason.OFFLINE, null, "offline"),
                new Decision.Skipped(noPhone.id(), "Dee", Decision.SkipReason.NO_PHONE, null, "no phone (no SIP address or forwarding number)"));
        assertThat(d.trace()).as("the trace as it was").contains("skipped Bob: do-not-disturb until 2026-11-25T12:10-06:00", "skipped Cat: offline",
                "skipped Dee: no phone (no SIP address or forwarding number)");

        var key = Router.resolved(new Target(Target.Kind.MEMBER, cat.id(), null, null, null), call(MAIN, WEDNESDAY_NOON, Set.of()),
                snapshot(List.of(ann, dnd, offline), List.of(everyone), List.of()));
        assertThat(key.action()).isEqualTo(new Decision.Voicemail(cat.id()));

        // A forwarding number typed but forwarding left off: it was "no SIP address or forwarding number", though one was there.
        var forwardingOff = new TeamMember(UUID.randomUUID(), "Eve", null, null, new Extension("105"), null, true, false, false,
                new PhoneNumber("+13125550166"), false, false, 20, null, null, 1,
                Availability.initial(Instant.EPOCH), Instant.EPOCH, Instant.EPOCH);
        var eve = rule("Eve", RuleType.SIMULTANEOUS, 1, List.of(forwardingOff.id()), null, null, null, 0);
        assertThat(Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(forwardingOff), List.of(eve), List.of())).trace())
                .contains("skipped Eve: no phone (forwarding to their number is turned off, and no SIP address)");
        assertThat(key.skipped()).extracting(Decision.Skipped::name, Decision.Skipped::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Cat", Decision.SkipReason.OFFLINE));
    }

    @Test
    void roundRobinStartsAtThePointerAndRingsOneAfterAnother() {
        var rr = rule("Rotation", RuleType.ROUND_ROBIN, 1, List.of(ann.id(), bob.id(), cat.id()), null, null, null, 1);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(ann, bob, cat), List.of(rr), List.of()));
        var ring = (Decision.RingMembers) d.action();
        assertThat(ring.simultaneous()).isFalse();
        assertThat(ring.rings()).extracting(Decision.Ring::memberName).containsExactly("Bob", "Cat", "Ann");
        // The rule's type in the rule form's words, as the call's page shows the trace (was "(ROUND_ROBIN, priority 1)").
        assertThat(d.trace()).contains("rule 'Rotation' (Round robin, priority 1) applies");
    }

    @Test
    void aRoundRobinOverALargeTeamReadsTheAvailabilityOfTheMembersItMayRingOnlyAndAsItIsNow() {
        // 40 members, all available when the configuration was read; now the first twelve in turn have gone
        // offline and one more has been deleted. The pointer starts the turn at the sixth member.
        var team = new java.util.ArrayList<TeamMember>();
        for (int i = 0; i < 40; i++) {
            team.add(member("M" + i, String.valueOf(200 + i), null, Availability.initial(Instant.EPOCH)));
        }
        var offlineNow = new java.util.HashSet<UUID>();
        for (int i = 5; i < 17; i++) {
            offlineNow.add(team.get(i).id());
        }
        var deleted = team.get(18).id();
        var asked = new java.util.ArrayList<UUID>();
        RoutingSnapshot.Live live = members -> {
            members.forEach(m -> asked.add(m.id()));
            return members.stream().filter(m -> !m.id().equals(deleted))
                    .map(m -> offlineNow.contains(m.id()) ? with(m, m.availability().withStatus(MemberStatus.OFFLINE, null)) : m).toList();
        };
        var rr = rule("Everyone in turn", RuleType.ROUND_ROBIN, 1, team.stream().map(TeamMember::id).toList(), null, null, null, 5);
        var s = new RoutingSnapshot(CHICAGO, team, weekdays(List.of()), List.of(), List.of(rr), List.of(), Map.of(),
                PhoneSettings.Settings.defaults(), live);

        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), s);

        var rings = ((Decision.RingMembers) d.action()).rings();
        assertThat(rings).extracting(Decision.Ring::memberName)
                .containsExactly("M17", "M19", "M20", "M21", "M22", "M23", "M24", "M25", "M26", "M27");
        assertThat(d.trace()).contains("skipped M5: offline", "skipped M16: offline", "17 more member(s) not tried: at most 10 are rung in turn on one call");
        assertThat(d.trace()).contains("skipped M18: no longer in the directory");
        // Read in two batches: twenty members (seven phones found), then six (three more needed); not all forty.
        assertThat(asked).containsExactlyElementsOf(team.subList(5, 31).stream().map(TeamMember::id).toList());
    }

    @Test
    void aDirectLineWhoseMemberWasDeletedSinceTheConfigurationWasReadIsNobodysLine() {
        // Ann was deleted on another node a moment ago; this node's configuration still lists her.
        RoutingSnapshot.Live live = members -> members.stream().filter(m -> !m.id().equals(ann.id())).toList();
        var everyone = rule("Everyone", RuleType.SIMULTANEOUS, 1, List.of(ann.id(), bob.id()), null, null, null, 0);
        var s = new RoutingSnapshot(CHICAGO, List.of(ann, bob), weekdays(List.of()), List.of(), List.of(everyone), List.of(), Map.of(),
                PhoneSettings.Settings.defaults(), live);

        var d = Router.decide(call("+13125550201", WEDNESDAY_NOON, Set.of()), s);

        assertThat(d.trace()).noneMatch(t -> t.contains("direct line"));
        assertThat(d.trace()).contains("skipped Ann: no longer in the directory");
        assertThat(((Decision.RingMembers) d.action()).rings()).extracting(Decision.Ring::memberName).containsExactly("Bob");
    }

    @Test
    void nobodyAvailableGoesToTheNoAnswerTargetAndVoicemailOffHangsUp() {
        var offline = with(ann, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.OFFLINE, null));
        var toNumber = rule("Ann only", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null,
                new Target(Target.Kind.EXTERNAL_NUMBER, null, null, "+17735550100", null), 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(offline), List.of(toNumber), List.of()));
        assertThat(d.action()).isInstanceOf(Decision.Forward.class);
        assertThat(((Decision.Forward) d.action()).number()).isEqualTo("+17735550100");

        var noRules = new RoutingSnapshot(CHICAGO, List.of(ann), weekdays(List.of()), List.of(), List.of(), List.of(), Map.of(),
                new PhoneSettings.Settings(DefaultStrategy.SIMULTANEOUS, false, false, Target.generalVoicemail(), 1, 2, 60, 20,
                        false, PhoneSettings.DEFAULT_TEXT_BACK_MESSAGE, false, 24, false, true, PhoneSettings.DEFAULT_RECORDING_ANNOUNCEMENT));
        var off = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), noRules);
        assertThat(off.action()).isInstanceOf(Decision.Hangup.class);
    }

    /**
     * A rule nobody in it can take the call for says where the call goes then: the trace ended at "nobody in rule 'Office'
     * can take the call" and the call page said nothing of the voicemail the caller reached (found walking a supervisor's
     * day, both of the Office's members away); a no-answer target's steps came before that line.
     */
    @Test
    void aRuleNobodyCanTakeTheCallForSaysWhereTheCallGoes() {
        var offline = with(ann, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.OFFLINE, null));
        var office = rule("Office", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null, null, 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(offline), List.of(office), List.of()));
        assertThat(d.action()).isInstanceOf(Decision.Voicemail.class);
        assertThat(d.trace()).last().isEqualTo("nobody in rule 'Office' can take the call: general voicemail");

        var toNumber = rule("Office", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null,
                new Target(Target.Kind.EXTERNAL_NUMBER, null, null, "+17735550100", null), 0);
        var on = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(offline), List.of(toNumber), List.of()));
        assertThat(on.trace()).containsSubsequence("skipped Ann: offline", "nobody in rule 'Office' can take the call:",
                "forward to +17735550100 for 30 s; if nobody answers there: general voicemail");
    }

    @Test
    void ruleChainsAreFollowedAndAnIvrRulePlaysItsMenu() {
        var menuId = UUID.randomUUID();
        var ivr = new RoutingRule(UUID.randomUUID(), "Menu", RuleType.IVR, 2, true, 20, true, false, List.of(), menuId, null, null, null,
                null, null, null, 0, Instant.EPOCH, Instant.EPOCH);
        var offline = with(ann, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.AWAY, "lunch"));
        var first = rule("Ann first", RuleType.DIRECT, 1, List.of(ann.id()), null, null, new Target(Target.Kind.RULE, null, ivr.id(), null, null), 0);
        var d = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(offline), List.of(first, ivr), List.of()));
        assertThat(d.action()).isEqualTo(new Decision.PlayMenu(menuId));
        assertThat(d.trace()).contains("skipped Ann: away: lunch", "on to rule 'Menu'");

        var menuFirst = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(offline), List.of(ivr), List.of()));
        assertThat(menuFirst.trace()).contains("rule 'Menu' (IVR menu, priority 2) applies").noneMatch(l -> l.contains("(IVR,"));
    }

    /**
     * Where a menu choice sends a caller who reaches a voicemail is said in the trace: "menu 'After hours': pressed 2" ended
     * the trace of a caller sent to the billing box, "skipped Lena: extension disabled" that of one who dialled a disabled
     * extension (who then left a message), and "target rule 'After-hours menu' is disabled" that of a caller sent to the
     * general voicemail instead of the menu; and a rule nobody in it can take ended at "nobody in rule ... can take the call".
     */
    @Test
    void theTraceSaysWhichVoicemailAMenuChoiceOrADisabledTargetRuleLeadsTo() {
        var snapshot = snapshot(List.of(ann, bob), List.of(), List.of());
        var billing = new ArrayList<String>();
        var box = Router.resolve(new Target(Target.Kind.VOICEMAIL, bob.id(), null, null, null), call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot, billing);
        assertThat(box).isEqualTo(new Decision.Voicemail(bob.id()));
        assertThat(billing).containsExactly("to the voicemail of Bob");

        var disabled = new TeamMember(bob.id(), bob.name(), null, null, bob.phoneExtension(), null, false, false, false, null, false, false, 20,
                null, bob.sipAddress(), 1, bob.availability(), Instant.EPOCH, Instant.EPOCH);
        var extension = new ArrayList<String>();
        Router.ringMember(disabled, call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(disabled), List.of(), List.of()), extension);
        assertThat(extension).containsExactly("skipped Bob: extension disabled", "to the voicemail of Bob");
        var rung = new ArrayList<String>();
        Router.resolve(new Target(Target.Kind.MEMBER, ann.id(), null, null, null), call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot, rung);
        assertThat(rung).containsExactly("ring Ann at sip:ann@demo.sip.telnyx.com for 20 s", "if nobody answers: the voicemail of Ann");

        var menu = new RoutingRule(UUID.randomUUID(), "After-hours menu", RuleType.IVR, 1, false, 20, true, false, List.of(), UUID.randomUUID(),
                null, null, null, null, null, null, 0, Instant.EPOCH, Instant.EPOCH);
        var off = new ArrayList<String>();
        var action = Router.resolve(new Target(Target.Kind.RULE, null, menu.id(), null, null), call(MAIN, WEDNESDAY_NOON, Set.of()),
                snapshot(List.of(ann), List.of(menu), List.of()), off);
        assertThat(action).isEqualTo(new Decision.Voicemail(null));
        assertThat(off).containsExactly("target rule 'After-hours menu' is disabled", "so to its no-answer target: general voicemail");

        var away = with(ann, Availability.initial(Instant.EPOCH).withStatus(MemberStatus.AWAY, "lunch"));
        var annOnly = rule("Ann only", RuleType.SIMULTANEOUS, 1, List.of(ann.id()), null, null, null, 0);
        var nobody = Router.decide(call(MAIN, WEDNESDAY_NOON, Set.of()), snapshot(List.of(away), List.of(annOnly), List.of()));
        assertThat(nobody.trace()).endsWith("skipped Ann: away: lunch", "nobody in rule 'Ann only' can take the call: general voicemail");
    }

    static Holiday holiday(String name, LocalDate date, String greeting, UUID ruleId) {
        var id = UUID.randomUUID();
        var rule = new HolidayRule(id, name, date, Recurrence.YEARLY, null, Set.of(), false, null, null, true);
        return new Holiday(id, rule, greeting, null, "en-US", null, ruleId, "manual", Instant.EPOCH, Instant.EPOCH);
    }

}
