package dev.switchboard.calls;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.simulator.PhoneScript;
import dev.switchboard.simulator.SimClock;
import dev.switchboard.support.VirtualTimeCallTest;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import tools.jackson.databind.JsonNode;

/**
 * The analytics of a period (the API's and the Analytics tab's): each team member's part of the calls (rang, answered,
 * answered by a colleague, not answered, talk time, calls out) and the calls in by hour, from real calls through the
 * simulator in virtual time, every figure checked against what was done. The tab had only today's and this week's
 * company-wide counts: nothing of who took the calls, or when the phones are busiest (the seed's "team performance",
 * "individual agent metrics" and "peak hour").
 */
@Import(CallAnalyticsTest.VirtualTime.class)
class CallAnalyticsTest extends VirtualTimeCallTest {

    @TestConfiguration
    static class VirtualTime {
        @Bean
        @Primary
        SimClock virtualClock() {
            return new SimClock(Instant.parse("2026-11-25T18:00:00Z")); // Wednesday noon in Chicago
        }
    }

    private static final ZoneId CHICAGO = ZoneId.of("America/Chicago");

    @org.springframework.beans.factory.annotation.Autowired
    java.time.Clock clock;

    @Test
    void eachMembersCallsAndTheBusiestHourAddUpToTheCallsMade() {
        newCompanyWithAnnAndBob("Figures Co", 20);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var today = clock.instant().atZone(CHICAGO).toLocalDate();
        int firstHour = clock.instant().atZone(CHICAGO).getHour();

        // 1. Ann answers after 3 s and talks 60 s: Bob was rung for a call a colleague took.
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var first = sim.call("+17735550131", number);
        sim.advance(Duration.ofSeconds(3));
        assertThat(first.leg().bridgedWith()).isNotNull();
        sim.advance(Duration.ofSeconds(60));
        first.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");

        // 2. Nobody answers; the caller gives up after 5 s: rang both, answered by nobody.
        sim.phone(annSip, new PhoneScript.NeverAnswer());
        var second = sim.call("+17735550132", number);
        sim.advance(Duration.ofSeconds(5));
        second.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("MISSED");

        // 3. An hour on, Bob answers after 2 s and talks 30 s.
        sim.advance(Duration.ofHours(1));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var third = sim.call("+17735550133", number);
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(30));
        third.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");

        // 4. Ann calls a customer out (click-to-call), who answers and talks 20 s.
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone("+17735550199", PhoneScript.answerAfter(Duration.ofSeconds(4)));
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "+17735550199"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(6));
        var callee = legsTo("+17735550199").getFirst();
        assertThat(callee.bridgedWith()).isNotNull();
        sim.advance(Duration.ofSeconds(20));
        assertThat(sim.handle("POST", "/v2/calls/" + callee.callControlId() + "/actions/hangup", "{}").status()).isEqualTo(200);
        sim.advance(Duration.ofSeconds(1));

        var report = owner.get("/api/v1/analytics");
        assertThat(report.status()).as(report.body()).isEqualTo(200);
        var json = report.json();
        assertThat(json.get("from").asString()).as("this week by default").isEqualTo(today.with(java.time.DayOfWeek.MONDAY).toString());
        assertThat(json.get("to").asString()).isEqualTo(today.toString());
        assertThat(json.get("summary").get("calls_in").asLong()).isEqualTo(3);
        assertThat(json.get("summary").get("answered").asLong()).isEqualTo(2);

        var annFigures = member(json, ann);
        assertThat(annFigures.get("name").asString()).isEqualTo("Ann");
        assertThat(annFigures.get("rang").asLong()).isEqualTo(3);
        assertThat(annFigures.get("answered").asLong()).isEqualTo(1);
        assertThat(annFigures.get("answered_by_colleague").asLong()).isEqualTo(1);
        assertThat(annFigures.get("not_answered").asLong()).isEqualTo(1);
        assertThat(annFigures.get("answer_rate").asInt()).isEqualTo(33);
        assertThat(annFigures.get("talk_seconds").asLong()).as("from her answer to the caller's hangup").isBetween(60L, 61L);
        assertThat(annFigures.get("average_talk_seconds").asLong()).isBetween(60L, 61L);
        assertThat(annFigures.get("calls_out").asLong()).isEqualTo(1);
        assertThat(annFigures.get("answered_out").asLong()).isEqualTo(1);
        assertThat(annFigures.get("talk_out_seconds").asLong()).as("from the customer's answer").isBetween(20L, 21L);

        var bobFigures = member(json, bob);
        assertThat(bobFigures.get("rang").asLong()).isEqualTo(3);
        assertThat(bobFigures.get("answered").asLong()).isEqualTo(1);
        assertThat(bobFigures.get("answered_by_colleague").asLong()).isEqualTo(1);
        assertThat(bobFigures.get("not_answered").asLong()).isEqualTo(1);
        assertThat(bobFigures.get("talk_seconds").asLong()).isBetween(30L, 31L);
        assertThat(bobFigures.get("calls_out").asLong()).isZero();

        var hours = json.get("hours");
        assertThat(hours.size()).isEqualTo(24);
        assertThat(hours.get(firstHour).get("calls_in").asLong()).isEqualTo(2);
        assertThat(hours.get(firstHour).get("answered").asLong()).isEqualTo(1);
        assertThat(hours.get(firstHour).get("not_answered").asLong()).isEqualTo(1);
        assertThat(hours.get(firstHour + 1).get("calls_in").asLong()).isEqualTo(1);
        long all = 0;
        for (var h : hours) {
            all += h.get("calls_in").asLong();
        }
        assertThat(all).as("every call in, in one hour or another").isEqualTo(3);
        assertThat(json.get("busiest_hour").asInt()).isEqualTo(firstHour);

        // Another period holds none of them; a day alone is that day.
        var lastWeek = owner.get("/api/v1/analytics?from=" + today.minusDays(14) + "&to=" + today.minusDays(8)).json();
        assertThat(member(lastWeek, ann).get("rang").asLong()).isZero();
        assertThat(lastWeek.get("busiest_hour").isNull()).isTrue();
        var oneDay = owner.get("/api/v1/analytics?from=" + today).json();
        assertThat(oneDay.get("to").asString()).isEqualTo(today.toString());
        assertThat(member(oneDay, ann).get("rang").asLong()).isEqualTo(3);

        // The tab shows the same, for the period chosen.
        var page = webLogin(owner.email(), "correct-horse").get("/settings/communications/phone/analytics?from=" + today + "&to=" + today);
        assertThat(page.status()).isEqualTo(200);
        var body = page.body().replaceAll("\\s+", " ");
        assertThat(body).contains("data-member=\"" + ann + "\"").contains("<td class=\"calls-in\">3</td>")
                .contains("<td class=\"answer-rate\">33%</td>").contains("<td class=\"talk\">1:0")
                .contains("Busiest: 12:00 PM to 1:00 PM, 2 calls in (1 not answered)");

        // The same figures for a spreadsheet.
        var web = webLogin(owner.email(), "correct-horse");
        var team = web.get("/settings/communications/phone/analytics/team.csv?from=" + today + "&to=" + today);
        assertThat(team.status()).isEqualTo(200);
        assertThat(team.contentType()).startsWith("text/csv");
        var rows = csv(team.body());
        assertThat(rows.getFirst()).startsWith("member", "rang", "answered", "answered_by_colleague", "not_answered", "answer_rate_percent");
        var annRow = rows.stream().filter(row -> row.getLast().equals(ann)).findFirst().orElseThrow();
        assertThat(annRow.subList(0, 6)).containsExactly("Ann", "3", "1", "1", "1", "33");
        var byHour = csv(web.get("/settings/communications/phone/analytics/hours.csv?from=" + today + "&to=" + today).body());
        assertThat(byHour).hasSize(25);
        assertThat(byHour.get(firstHour + 1)).containsExactly(String.format("%02d:00", firstHour), "2", "1", "1");
    }

    @Test
    void twoPhonesAnsweringTheSameRingTogetherCountOneAnswerTheCallersWhoTalkedToThem() {
        newCompanyWithAnnAndBob("Race Co", 20);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(3)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofMillis(2900)));
        var caller = sim.call("+17735550141", number);
        sim.advance(Duration.ofSeconds(1));
        // Bob picks up a moment before Ann, but his phone's webhooks reach us late (the carrier keeps no order between
        // legs): Ann's answer is taken first and gets the caller, and Bob's phone, answered meanwhile, is hung up.
        sim.delayNextDeliveries(2, Duration.ofMillis(300), null, legsTo(bobSip).getFirst().callControlId());
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(40));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var call = call();
        assertThat(call.get("outcome")).isEqualTo("ANSWERED");
        var winner = String.valueOf(call.get("answered_by"));
        var loser = winner.equals(ann) ? bob : ann;
        var legs = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("legs");
        long answeredLegs = 0;
        for (var leg : legs) {
            if (!leg.get("member_id").isNull() && !leg.get("answered_at").isNull()) {
                answeredLegs++;
            }
        }
        assertThat(answeredLegs).as("both phones answered (the race this is about): " + legs).isEqualTo(2);

        var json = owner.get("/api/v1/analytics").json();
        assertThat(json.get("summary").get("answered").asLong()).isEqualTo(1);
        var won = member(json, winner);
        assertThat(won.get("answered").asLong()).isEqualTo(1);
        assertThat(won.get("talk_seconds").asLong()).isBetween(40L, 41L);
        var lost = member(json, loser);
        assertThat(lost.get("rang").asLong()).isEqualTo(1);
        assertThat(lost.get("answered").asLong()).as("hung up as a colleague had the caller: they never talked to them").isZero();
        assertThat(lost.get("answered_by_colleague").asLong()).isEqualTo(1);
        assertThat(lost.get("answer_rate").asInt()).isZero();
        assertThat(lost.get("average_talk_seconds").isNull()).isTrue();

        // A call the winner answers and hands on to the other, who answers the transfer: it is both of theirs.
        sim.phone(bobSip, new PhoneScript.NeverAnswer());
        var second = sim.call("+17735550142", number);
        sim.advance(Duration.ofSeconds(4));
        assertThat(second.leg().bridgedWith()).isNotNull();
        sim.advance(Duration.ofSeconds(10));
        var handedOn = call();
        assertThat(String.valueOf(handedOn.get("answered_by"))).isEqualTo(winner);
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var transfer = owner.post("/api/v1/calls/" + handedOn.get("id") + "/transfer", Map.of("member_id", loser));
        assertThat(transfer.status()).as(transfer.body()).isLessThan(300);
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(20));
        second.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(String.valueOf(call().get("answered_by"))).isEqualTo(loser);
        json = owner.get("/api/v1/analytics").json();
        assertThat(member(json, winner).get("answered").asLong()).as("the race's call and the one handed on").isEqualTo(2);
        assertThat(member(json, loser).get("answered").asLong()).as("the transfer they answered").isEqualTo(1);
        assertThat(member(json, loser).get("answered_by_colleague").asLong()).isEqualTo(1);
        assertThat(member(json, loser).get("talk_seconds").asLong()).isBetween(20L, 21L);
    }

    @Test
    void aTransferToARuleWhosePhonesPickUpTogetherCountsOneAnswerTheMemberWhoTookTheCaller() {
        newCompanyWithAnnAndBob("Transfer Race Co", 20);
        var cySip = "sip:cy-" + java.util.UUID.randomUUID().toString().substring(0, 8) + "@test.sip.telnyx.com";
        var cy = member("Cy", "103", cySip);
        var front = owner.post("/api/v1/routing-rules", Map.of("name", "Front desk", "type", "DIRECT", "member_ids", List.of(cy),
                "ring_timeout_seconds", 20));
        assertThat(front.status()).as(front.body()).isEqualTo(201);
        var pair = owner.post("/api/v1/routing-rules", Map.of("name", "Pair", "type", "SIMULTANEOUS", "member_ids", List.of(ann, bob),
                "ring_timeout_seconds", 20));
        assertThat(pair.status()).as(pair.body()).isEqualTo(201);
        sim.phone(cySip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var caller = sim.call("+17735550143", number);
        sim.advance(Duration.ofSeconds(3));
        assertThat(caller.leg().bridgedWith()).isNotNull();
        var answered = call();
        assertThat(String.valueOf(answered.get("answered_by"))).isEqualTo(cy);

        // Cy hands the caller on to the rule "Pair": Ann's and Bob's phones pick up together, one gets the caller and the
        // other is hung up at once, as in a ring-all race on a first ring.
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        sim.phone(bobSip, PhoneScript.answerAfter(Duration.ofMillis(1900)));
        var transfer = owner.post("/api/v1/calls/" + answered.get("id") + "/transfer", Map.of("rule_id", pair.json().get("rule").get("id").asString()));
        assertThat(transfer.status()).as(transfer.body()).isLessThan(300);
        sim.advance(Duration.ofSeconds(1));
        // Bob picks up a moment before Ann, but his phone's webhooks reach us late: Ann's answer is taken first.
        sim.delayNextDeliveries(2, Duration.ofMillis(300), null, legsTo(bobSip).getLast().callControlId());
        sim.advance(Duration.ofSeconds(2));
        sim.advance(Duration.ofSeconds(30));
        caller.hangUp();
        sim.advance(Duration.ofSeconds(1));
        var call = call();
        assertThat(call.get("outcome")).isEqualTo("ANSWERED");
        var winner = String.valueOf(call.get("answered_by"));
        assertThat(winner).isIn(ann, bob);
        var loser = winner.equals(ann) ? bob : ann;
        var legs = owner.get("/api/v1/call-logs/" + call.get("id")).json().get("legs");
        long answeredLegs = 0;
        for (var leg : legs) {
            if (!leg.get("member_id").isNull() && !leg.get("member_id").asString().equals(cy) && !leg.get("answered_at").isNull()) {
                answeredLegs++;
            }
        }
        assertThat(answeredLegs).as("both phones of the rule answered (the race this is about): " + legs).isEqualTo(2);

        var json = owner.get("/api/v1/analytics").json();
        assertThat(member(json, cy).get("answered").asLong()).as("had the caller before the transfer").isEqualTo(1);
        assertThat(member(json, winner).get("answered").asLong()).isEqualTo(1);
        assertThat(member(json, winner).get("talk_seconds").asLong()).isBetween(30L, 31L);
        var lost = member(json, loser);
        assertThat(lost.get("rang").asLong()).isEqualTo(1);
        assertThat(lost.get("answered").asLong()).as("hung up as a colleague took the transfer: they never talked to the caller")
                .isZero();
        assertThat(lost.get("answered_by_colleague").asLong()).isEqualTo(1);
        assertThat(lost.get("average_talk_seconds").isNull()).isTrue();
    }

    private static List<List<String>> csv(String text) {
        try (var parser = org.apache.commons.csv.CSVFormat.DEFAULT.parse(new java.io.StringReader(text))) {
            return parser.getRecords().stream().map(r -> r.toList()).toList();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * A call to a member's direct line while they are away rings none of their phones and goes to their voicemail: the
     * call log's member filter (which their name on the tab opens) lists it as theirs, so their figures count it, as a
     * call in for them nobody answered. They left it out: the name said 1 call, its call log 2.
     */
    @Test
    void aCallToTheirDirectLineThatRangNoneOfTheirPhonesIsAmongTheirCallsNotAnswered() {
        newCompanyWithAnnAndBob("Direct Line Figures Co", 20);
        var did = dev.switchboard.support.TestNumbers.unused("+1312");
        assertThat(owner.put("/api/v1/members/" + ann, Map.of("name", "Ann", "phone_extension", "101", "sip_address", annSip,
                "direct_inward_dial", did)).status()).isEqualTo(200);
        var today = clock.instant().atZone(CHICAGO).toLocalDate();

        // Available, she answers a call to her line.
        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var first = sim.call("+17735550161", did);
        sim.advance(Duration.ofSeconds(12));
        first.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");

        // Away, the next goes straight to her voicemail; the one after, the caller hangs up on her greeting.
        assertThat(owner.put("/api/v1/members/" + ann + "/status", Map.of("status", "AWAY", "reason", "lunch")).status()).isEqualTo(200);
        var second = sim.call("+17735550162", did);
        sim.advance(Duration.ofSeconds(3));
        second.leaveMessage(Duration.ofSeconds(10), "The furnace is out");
        sim.advance(Duration.ofSeconds(2));
        assertThat(call().get("outcome")).isEqualTo("VOICEMAIL");
        var third = sim.call("+17735550163", did);
        sim.advance(Duration.ofSeconds(2));
        third.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(legsTo(annSip)).as("only the first rang her").hasSize(1);

        var json = owner.get("/api/v1/analytics?from=" + today + "&to=" + today).json();
        var annFigures = member(json, ann);
        assertThat(annFigures.get("calls_in").asLong()).as("as many as her call log lists")
                .isEqualTo(owner.get("/api/v1/call-logs?member_id=" + ann).json().size())
                .isEqualTo(3);
        assertThat(annFigures.get("rang").asLong()).isEqualTo(1);
        assertThat(annFigures.get("not_rung").asLong()).isEqualTo(2);
        assertThat(annFigures.get("answered").asLong()).isEqualTo(1);
        assertThat(annFigures.get("not_answered").asLong()).isEqualTo(2);
        assertThat(annFigures.get("answered").asLong() + annFigures.get("answered_by_colleague").asLong()
                + annFigures.get("not_answered").asLong()).as("they add up").isEqualTo(3);
        assertThat(annFigures.get("answer_rate").asInt()).isEqualTo(33);
        assertThat(member(json, bob).get("calls_in").asLong()).isZero();

        var web = webLogin(owner.email(), "correct-horse");
        var body = web.get("/settings/communications/phone/analytics?from=" + today + "&to=" + today).body().replaceAll("\\s+", " ");
        assertThat(body).contains("<td class=\"calls-in\">3 <small class=\"muted\">(2 rang none of their phones)</small></td>")
                .contains("<td class=\"not-answered\">2</td>");
        var rows = csv(web.get("/settings/communications/phone/analytics/team.csv?from=" + today + "&to=" + today).body());
        var header = rows.getFirst();
        var annRow = rows.stream().filter(row -> row.getLast().equals(ann)).findFirst().orElseThrow();
        assertThat(annRow.get(header.indexOf("calls_in"))).isEqualTo("3");
        assertThat(annRow.get(header.indexOf("not_rung"))).isEqualTo("2");
    }

    /**
     * Team status (the Extensions tab) says how many calls each member answered today as the analytics count them: the
     * calls in they took, and their calls out apart. It counted every pickup of their phone, so a click-to-call nobody
     * answered read "2 calls answered today" beside the analytics' 1 answered and 1 call out.
     */
    @Test
    void teamStatusCountsTodaysCallsAsTheAnalyticsDo() {
        newCompanyWithAnnAndBob("Team Status Figures Co", 20);
        var r = owner.post("/api/v1/routing-rules", Map.of("name", "Everyone", "type", "SIMULTANEOUS", "member_ids", List.of(ann),
                "ring_timeout_seconds", 20));
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        var today = clock.instant().atZone(CHICAGO).toLocalDate();

        sim.phone(annSip, PhoneScript.answerAfter(Duration.ofSeconds(2)));
        var in = sim.call("+17735550171", number);
        sim.advance(Duration.ofSeconds(20));
        in.hangUp();
        sim.advance(Duration.ofSeconds(1));
        assertThat(call().get("outcome")).isEqualTo("ANSWERED");

        // She calls a customer, who does not pick up.
        sim.phone("+17735550172", new PhoneScript.NeverAnswer());
        var placed = owner.post("/api/v1/calls", Map.of("member_id", ann, "number", "+17735550172"));
        assertThat(placed.status()).as(placed.body()).isEqualTo(201);
        sim.advance(Duration.ofSeconds(120));
        assertThat(call().get("ended_at")).isNotNull();

        var figures = member(owner.get("/api/v1/analytics?from=" + today + "&to=" + today).json(), ann);
        assertThat(figures.get("answered").asLong()).isEqualTo(1);
        assertThat(figures.get("calls_out").asLong()).isEqualTo(1);
        var tab = webLogin(owner.email(), "correct-horse").get("/settings/communications/phone/extensions").body();
        assertThat(tab).containsPattern("id=\"state-" + ann + "\"><span>[^<]*</span><br>\\s*<span class=\"muted calls-today\">"
                + "1 call answered today, 1 call out<");
        assertThat(tab).containsPattern("id=\"state-" + bob + "\"><span>[^<]*</span><br>\\s*<span class=\"muted calls-today\">"
                + "No calls answered today<");
    }

    @Test
    void aPeriodThatIsNoPeriodIsRefusedNamingTheDay() {
        newCompany("Bad Period Co");
        var backwards = owner.get("/api/v1/analytics?from=2026-11-30&to=2026-11-01");
        assertThat(backwards.status()).isEqualTo(422);
        assertThat(backwards.body()).contains("\"to\"").contains("must not be before from (2026-11-30)");
        var typo = owner.get("/api/v1/analytics?from=30/11/2026&to=2026-12-01");
        assertThat(typo.status()).isEqualTo(422);
        assertThat(typo.body()).contains("\"from\"").contains("must be a date such as");
        var tooLong = owner.get("/api/v1/analytics?from=2020-01-01&to=2026-01-01");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body()).contains("must be at most 367 days after from");

        var page = webLogin(owner.email(), "correct-horse").get("/settings/communications/phone/analytics?from=2026-11-30&to=2026-11-01");
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("must not be before").doesNotContain("id=\"team-figures\"")
                .as("the day's and the week's counts are still there").contains("id=\"today-stats\"");
        var csv = webLogin(owner.email(), "correct-horse").get("/settings/communications/phone/analytics/team.csv?from=someday");
        assertThat(csv.status()).isEqualTo(422);
        assertThat(csv.body()).contains("must be a date such as");

        // A name a spreadsheet would run as a formula is written as text.
        member(Map.of("name", "=HYPERLINK(\"http://x\")", "phone_extension", "150"));
        var rows = csv(webLogin(owner.email(), "correct-horse").get("/settings/communications/phone/analytics/team.csv").body());
        assertThat(rows.stream().map(List::getFirst)).contains("'=HYPERLINK(\"http://x\")");
    }

    private static JsonNode member(JsonNode report, String id) {
        for (var m : report.get("members")) {
            if (m.get("member_id").asString().equals(id)) {
                return m;
            }
        }
        throw new AssertionError("no figures for member " + id + " in " + report);
    }
}
