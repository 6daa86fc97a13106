package dev.switchboard.directory;

import static dev.switchboard.directory.VacationAndDoNotDisturbTest.member;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EligibilityTest {

    static final ZoneId ZONE = ZoneId.of("America/Chicago");
    static final Instant NOW = Instant.parse("2026-11-25T16:00:00Z"); // 10:00 in Chicago
    static final LocalDate TODAY = LocalDate.of(2026, 11, 25);

    @Test
    void anIdleMemberFreeForHalfAnHourWithNoCallsTodayScores100() {
        var a = Availability.initial(NOW.minus(Duration.ofMinutes(45)));
        var report = Eligibility.evaluate(List.of(member("Ida", a)), NOW, ZONE);
        var e = report.eligible().getFirst();
        assertThat(e.score()).isEqualTo(100);
        assertThat(List.of(e.statePoints(), e.idlePoints(), e.loadPoints())).containsExactly(40, 30, 30);
    }

    @Test
    void scoreFollowsTheDocumentedFormula() {
        // Three calls answered today, last one ended 12 minutes ago, now idle: 40 + 12 + (30 - 15) = 67.
        var a = new Availability(MemberStatus.AVAILABLE, null, MemberState.IDLE, NOW.minus(Duration.ofMinutes(10)), 0, 3,
                TODAY, NOW.minus(Duration.ofMinutes(12)), null, null);
        assertThat(Eligibility.evaluate(List.of(member("Tess", a)), NOW, ZONE).eligible().getFirst().score()).isEqualTo(67);
        // Yesterday's calls do not count today.
        var yesterday = new Availability(MemberStatus.AVAILABLE, null, MemberState.IDLE, NOW, 0, 9,
                TODAY.minusDays(1), NOW.minus(Duration.ofHours(20)), null, null);
        assertThat(Eligibility.evaluate(List.of(member("Yuri", yesterday)), NOW, ZONE).eligible().getFirst().loadPoints()).isEqualTo(30);
        // Wrap-up scores less than idle; more than six calls floors load at 0.
        var busy = new Availability(MemberStatus.AVAILABLE, null, MemberState.WRAP_UP, NOW, 0, 8, TODAY, NOW, null, null);
        var e = Eligibility.evaluate(List.of(member("Wes", busy)), NOW, ZONE).eligible().getFirst();
        assertThat(List.of(e.statePoints(), e.idlePoints(), e.loadPoints(), e.score())).containsExactly(15, 0, 0, 15);
    }

    @Test
    void rankedByScoreThenGivenOrder() {
        var fresh = member("Fresh", Availability.initial(NOW.minus(Duration.ofHours(1))));
        var tired = member("Tired", new Availability(MemberStatus.AVAILABLE, null, MemberState.IDLE, NOW, 0, 5, TODAY, NOW, null, null));
        var alsoFresh = member("AlsoFresh", Availability.initial(NOW.minus(Duration.ofHours(2))));
        var report = Eligibility.evaluate(List.of(tired, fresh, alsoFresh), NOW, ZONE);
        assertThat(report.eligible()).extracting(Eligibility.Eligible::name).containsExactly("Fresh", "AlsoFresh", "Tired");
    }

    @Test
    void everyExclusionHasItsReason() {
        var base = Availability.initial(NOW.minus(Duration.ofHours(1)));
        var disabled = new TeamMember(UUID.randomUUID(), "Disabled", null, null, null, null, false, false, false, null,
                false, false, 20, null, null, 1, base, NOW, NOW);
        var offline = member("Off", base.withStatus(MemberStatus.OFFLINE, null));
        var away = member("Away", base.withStatus(MemberStatus.AWAY, "lunch"));
        var busy = member("Busy", base.ring(NOW));
        var twoLines = new TeamMember(UUID.randomUUID(), "TwoLines", null, null, null, null, true, false, false, null,
                false, false, 20, null, null, 2, base.ring(NOW).answer(NOW, TODAY), NOW, NOW);
        var onCall = member("OnCall", base.ring(NOW).answer(NOW, TODAY));
        var report = Eligibility.evaluate(List.of(disabled, offline, away, busy, twoLines, onCall), NOW, ZONE);
        assertThat(report.excluded()).extracting(Eligibility.Excluded::reason).containsExactly(
                Eligibility.Reason.EXTENSION_DISABLED, Eligibility.Reason.OFFLINE, Eligibility.Reason.AWAY,
                Eligibility.Reason.AT_CALL_LIMIT, Eligibility.Reason.AT_CALL_LIMIT);
        assertThat(report.excluded().get(2).detail()).isEqualTo("away: lunch");
        assertThat(report.excluded().get(3).detail()).isEqualTo("ringing for another call, which counts towards their calls at once (1 of 1)");
        // In words, not "at concurrent-call limit (1 of 1)".
        assertThat(report.excluded().get(4).detail()).isEqualTo("already on a call (they take 1 at once)");
        assertThat(report.eligible()).extracting(Eligibility.Eligible::name).containsExactly("TwoLines");
        assertThat(report.eligible().getFirst().statePoints()).isEqualTo(5);
    }

    @Test
    void stateGoesRingingOnCallWrapUpIdle() {
        var a = Availability.initial(NOW);
        var ringing = a.ring(NOW);
        assertThat(ringing.state()).isEqualTo(MemberState.RINGING);
        var onCall = ringing.answer(NOW.plusSeconds(5), TODAY);
        assertThat(onCall.state()).isEqualTo(MemberState.ON_CALL);
        assertThat(onCall.callsHandledOn(TODAY)).isEqualTo(1);
        var wrapUp = onCall.callEnded(NOW.plusSeconds(65), true);
        assertThat(wrapUp.state()).isEqualTo(MemberState.WRAP_UP);
        assertThat(wrapUp.activeCalls()).isZero();
        assertThat(wrapUp.lastCallEndedAt()).isEqualTo(NOW.plusSeconds(65));
        assertThat(wrapUp.finishWrapUp(NOW.plusSeconds(95)).state()).isEqualTo(MemberState.IDLE);
        var missed = a.ring(NOW).callEnded(NOW.plusSeconds(20), false);
        assertThat(missed.state()).isEqualTo(MemberState.IDLE);
        assertThatThrownBy(() -> a.answer(NOW, TODAY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.finishWrapUp(NOW)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> a.callEnded(NOW, true)).isInstanceOf(IllegalStateException.class);
    }
}
