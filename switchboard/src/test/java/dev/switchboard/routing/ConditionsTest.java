package dev.switchboard.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ConditionsTest {

    static final ZoneId CHICAGO = ZoneId.of("America/Chicago");
    // Friday 2026-11-27 19:30 CST
    static final Instant FRIDAY_EVENING = Instant.parse("2026-11-28T01:30:00Z");

    static Conditions.Call call(String caller, boolean known, Set<String> tags) {
        return new Conditions.Call(caller, "+13125550100", known, tags, FRIDAY_EVENING);
    }

    @Test
    void callerPatternsUseStarAndQuestionMark() {
        var chicago312 = new Conditions("+1312*", null, null, null, Set.of(), null, null);
        assertThat(chicago312.matches(call("+13125550123", false, Set.of()), CHICAGO)).isTrue();
        assertThat(chicago312.matches(call("+17735550123", false, Set.of()), CHICAGO)).isFalse();
        var exact = new Conditions("+1312555012?", null, null, null, Set.of(), null, null);
        assertThat(exact.matches(call("+13125550129", false, Set.of()), CHICAGO)).isTrue();
        assertThat(exact.matches(call("+131255501299", false, Set.of()), CHICAGO)).isFalse();
        assertThat(exact.matches(call(null, false, Set.of()), CHICAGO)).isFalse();
    }

    @Test
    void customerTagAndKnownCustomer() {
        var vip = new Conditions(null, null, "vip", null, Set.of(), null, null);
        assertThat(vip.matches(call("+13125550123", true, Set.of("VIP")), CHICAGO)).isTrue();
        assertThat(vip.matches(call("+13125550123", true, Set.of("residential")), CHICAGO)).isFalse();
        var unknown = new Conditions(null, false, null, null, Set.of(), null, null);
        assertThat(unknown.matches(call("+13125550123", false, Set.of()), CHICAGO)).isTrue();
        assertThat(unknown.matches(call("+13125550123", true, Set.of()), CHICAGO)).isFalse();
    }

    @Test
    void weekdayAndTimeWindowInTheCompanyZoneIncludingAcrossMidnight() {
        var fridayEvening = new Conditions(null, null, null, null, Set.of(DayOfWeek.FRIDAY), 18 * 60, 22 * 60);
        assertThat(fridayEvening.matches(call("+1", false, Set.of()), CHICAGO)).isTrue();
        // In UTC it is already Saturday 01:30; in Chicago it is Friday.
        assertThat(fridayEvening.matches(call("+1", false, Set.of()), ZoneId.of("UTC"))).isFalse();
        var night = new Conditions(null, null, null, null, Set.of(), 19 * 60, 7 * 60);
        assertThat(night.matches(call("+1", false, Set.of()), CHICAGO)).isTrue();
        var morning = new Conditions(null, null, null, null, Set.of(), 8 * 60, 12 * 60);
        assertThat(morning.matches(call("+1", false, Set.of()), CHICAGO)).isFalse();
        var wholeDay = new Conditions(null, null, null, null, Set.of(), 0, 24 * 60);
        assertThat(wholeDay.matches(call("+1", false, Set.of()), CHICAGO)).as("00:00 to 24:00").isTrue();
        var lateEvening = new Conditions(null, null, null, null, Set.of(DayOfWeek.FRIDAY), 20 * 60, 24 * 60);
        assertThat(lateEvening.matches(call("+1", false, Set.of()), CHICAGO)).as("20:00 to midnight, at Friday 19:30").isFalse();
    }

    @Test
    void loopsAreFoundThroughRulesAndMenus() {
        var a = java.util.UUID.randomUUID();
        var b = java.util.UUID.randomUUID();
        var menu = java.util.UUID.randomUUID();
        var ruleA = new RoutingRule(a, "A", RuleType.IVR, 1, true, 20, true, false, List.of(), menu, null, null, null, null, null,
                null, 0, Instant.EPOCH, Instant.EPOCH);
        var ruleB = new RoutingRule(b, "B", RuleType.SIMULTANEOUS, 2, true, 20, true, false, List.of(), null, null, null, null, null,
                null, new Target(Target.Kind.VOICEMAIL, null, null, null, null), 0, Instant.EPOCH, Instant.EPOCH);
        var menuToB = new IvrMenu(menu, "Main", "hi", null, null, null, java.util.Map.of("1", new Target(Target.Kind.RULE, null, b, null, null)),
                false, null, 5, 2, null, null, null, null, Instant.EPOCH, Instant.EPOCH);
        assertThat(Checks.loop(List.of(ruleA, ruleB), List.of(menuToB))).isEmpty();
        var ruleBBack = new RoutingRule(b, "B", RuleType.SIMULTANEOUS, 2, true, 20, true, false, List.of(), null, null, null, null, null,
                null, new Target(Target.Kind.RULE, null, a, null, null), 0, Instant.EPOCH, Instant.EPOCH);
        // Back to A only through a key pressed in the menu ("press 1", then B sends the caller to the menu again):
        // every pass needs the caller, so it is a way back, not a loop.
        assertThat(Checks.loop(List.of(ruleA, ruleBBack), List.of(menuToB))).isEmpty();
        // Through the menu's timeout target, taken when the caller does nothing: a loop.
        var menuTimesOutToB = new IvrMenu(menu, "Main", "hi", null, null, null, java.util.Map.of(), false, null, 5, 2, null, null, null,
                new Target(Target.Kind.RULE, null, b, null, null), Instant.EPOCH, Instant.EPOCH);
        var loop = Checks.loop(List.of(ruleA, ruleBBack), List.of(menuTimesOutToB));
        assertThat(loop).hasSize(4).contains("rule 'A'", "menu 'Main'", "rule 'B'");
        assertThat(loop.getFirst()).isEqualTo(loop.getLast());
    }
}
