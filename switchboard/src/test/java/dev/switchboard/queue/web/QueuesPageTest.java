package dev.switchboard.queue.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.switchboard.platform.TenantContext;
import dev.switchboard.queue.QueueLine;
import dev.switchboard.queue.Queues;
import dev.switchboard.shared.CompanyId;
import dev.switchboard.support.IntegrationTest;
import dev.switchboard.support.WebClient;
import dev.switchboard.support.ApiClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The queues page: each queue with who is waiting now and today's numbers; owners and admins create, edit and delete queues there. */
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
            // Its own section: another test may have added a queue to the demo company, with nobody waiting in it.
            var page = section(web.get("/queues").body(), queue.id());
            assertThat(page).contains("(773) 555-0199").contains("class=\"waiting-row\"").contains("1 caller waiting")
                    .doesNotContain("Nobody is waiting.");
            assertThat(page).containsPattern("<dt>Offered</dt><dd>[1-9]");
        } finally {
            TenantContext.runAs(company, () -> line.abandoned(joined.entryId(), clock.instant()));
        }
        // An agent sees the page too (read-only).
        var agent = WebClient.loggedIn(port, "aisha@demo.test", "demo-agent");
        assertThat(agent.get("/queues").status()).isEqualTo(200);
    }

    @Autowired
    org.springframework.jdbc.core.simple.JdbcClient jdbc;

    @Autowired
    org.springframework.transaction.support.TransactionTemplate tx;

    /**
     * Beside each member of a queue, what they are doing now as the Extensions tab tells it, in words (on a call, ringing,
     * away with their note, do not disturb, on vacation, offline, available), and how many callers wait in the queue.
     */
    @Test
    void eachQueueMemberIsShownWithWhatTheyAreDoingAndTheQueueWithHowManyCallersWait() {
        var c = company("Queue Members Heating");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var cy = c.api().post("/api/v1/members", Map.of("name", "Cy")).json().get("id").asString();
        var dee = c.api().post("/api/v1/members", Map.of("name", "Dee")).json().get("id").asString();
        var eve = c.api().post("/api/v1/members", Map.of("name", "Eve")).json().get("id").asString();
        var fay = c.api().post("/api/v1/members", Map.of("name", "Fay")).json().get("id").asString();
        var gus = c.api().post("/api/v1/members", Map.of("name", "Gus")).json().get("id").asString();
        var all = List.of(c.ann(), c.bob(), cy, dee, eve, fay, gus);
        var created = c.api().post("/api/v1/queues", Map.of("name", "Service line", "member_ids", all));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var queueId = UUID.fromString(created.json().get("id").asString());
        assertThat(c.api().put("/api/v1/members/" + c.ann() + "/status", Map.of("status", "AWAY", "reason", "At lunch")).status()).isEqualTo(200);
        var zone = java.time.ZoneId.of(c.api().get("/api/v1/company").json().get("timezone").asString());
        var today = java.time.LocalDate.now(clock.withZone(zone));
        assertThat(c.api().put("/api/v1/members/" + cy + "/vacation", Map.of("start_date", today.minusDays(1).toString(),
                "end_date", today.plusDays(2).toString())).status()).isEqualTo(200);
        assertThat(c.api().put("/api/v1/members/" + dee + "/do-not-disturb",
                Map.of("until", clock.instant().plusSeconds(7200).toString())).status()).isEqualTo(200);
        assertThat(c.api().put("/api/v1/members/" + eve + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(200);
        TenantContext.runAs(company, () -> tx.executeWithoutResult(s -> {
            for (var busy : List.of(List.of(fay, "ON_CALL"), List.of(gus, "RINGING"))) {
                jdbc.sql("update team_availability set state = :state, active_calls = 1 where company_id = :c and member_id = :m")
                        .param("state", busy.get(1)).param("c", company.value()).param("m", UUID.fromString(busy.get(0))).update();
            }
        }));

        var empty = c.web().get("/queues").body();
        assertThat(empty).contains("Nobody is waiting.").doesNotContain("callers waiting");
        var vacationEnd = c.web().get("/settings/communications/phone/extensions").body()
                .replaceAll("(?s).*Vacation [^<]* \u2013 ([^<]*)<.*", "$1");
        var dndUntil = c.web().get("/settings/communications/phone/extensions").body()
                .replaceAll("(?s).*Do not disturb until ([^<]*)<.*", "$1");
        assertThat(empty).contains("<li><span>Ann</span><span class=\"muted\">: away: At lunch</span></li>")
                .contains("<li><span>Bob</span><span class=\"muted\">: available</span></li>")
                .as("the dates as the Extensions tab writes them")
                .contains("<li><span>Cy</span><span class=\"muted\">: on vacation until " + vacationEnd + "</span></li>")
                .contains("<li><span>Dee</span><span class=\"muted\">: do not disturb until " + dndUntil + "</span></li>")
                .contains("<li><span>Eve</span><span class=\"muted\">: offline</span></li>")
                .contains("<li><span>Fay</span><span class=\"muted\">: on a call</span></li>")
                .contains("<li><span>Gus</span><span class=\"muted\">: ringing</span></li>");

        var joined = new ArrayList<QueueLine.Joined>();
        TenantContext.runAs(company, () -> {
            for (var from : List.of("+17735550191", "+17735550192")) {
                joined.add((QueueLine.Joined) line.join(queueId, UUID.randomUUID(), from, Set.of(), clock.instant()));
            }
        });
        try {
            assertThat(c.web().get("/queues").body()).contains("<p class=\"waiting-count\">2 callers waiting</p>")
                    .doesNotContain("Nobody is waiting.");
        } finally {
            TenantContext.runAs(company, () -> joined.forEach(j -> line.abandoned(j.entryId(), clock.instant())));
        }
    }

    /**
     * Today's figures account for every caller: one sent on after the queue's longest wait (to voicemail, say) and one
     * turned away (the queue full) are counted apart, so that the offered callers add up (found by a walk: a caller who
     * waited the longest time was in no figure, and "Offered 5, Answered 2, Abandoned 1, 1 callback" left one unsaid).
     */
    @Test
    void todaysFiguresCountTheCallersSentOnAfterTheLongestWaitAndThoseTurnedAway() {
        var c = company("Queue Figures Heating");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var created = c.api().post("/api/v1/queues", Map.of("name", "Service line", "member_ids", List.of(c.ann()),
                "join_when_empty", true, "max_callers", 2));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var queueId = UUID.fromString(created.json().get("id").asString());
        var now = clock.instant();
        TenantContext.runAs(company, () -> {
            var first = (QueueLine.Joined) line.join(queueId, UUID.randomUUID(), "+17735550181", Set.of(), now);
            var second = (QueueLine.Joined) line.join(queueId, UUID.randomUUID(), "+17735550182", Set.of(), now);
            assertThat(line.join(queueId, UUID.randomUUID(), "+17735550183", Set.of(), now)).as("the queue is full")
                    .isInstanceOf(QueueLine.Refused.class);
            line.timedOut(first.entryId(), now);
            line.abandoned(second.entryId(), now);
        });
        var page = section(c.web().get("/queues").body(), queueId);
        assertThat(page).contains("<dt>Offered</dt><dd>2</dd>").contains("<dt>Abandoned</dt><dd>1 (1 short)</dd>")
                .contains("<dt>Waited the longest allowed (sent on)</dt><dd class=\"timed-out\">1</dd>")
                .contains("<dt>Turned away (queue full, or nobody logged in)</dt><dd class=\"overflowed\">1</dd>");
    }

    /**
     * A queue no rule, menu key or other queue sends calls to is waited in by nobody: its section says so and where to
     * choose it as a target; once a rule sends calls to it, the section names (and links) that rule instead (found by a
     * walk: the demo's own "Service desk" is such a queue, shown with its empty line as if it took calls).
     */
    @Test
    void aQueueNothingSendsCallsToSaysSoAndOneARuleSendsCallsToNamesTheRule() {
        var c = company("Queue Unreached Heating");
        var created = c.api().post("/api/v1/queues", Map.of("name", "Service line", "member_ids", List.of(c.ann())));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var queueId = UUID.fromString(created.json().get("id").asString());
        var alone = section(c.web().get("/queues").body(), queueId);
        assertThat(alone).contains("No calls come to this queue yet").contains("href=\"/settings/communications/phone/routing\"")
                .doesNotContain("Calls come here from");

        var rule = c.api().post("/api/v1/routing-rules", Map.of("name", "To the line", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queueId.toString()), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        var sent = section(c.web().get("/queues").body(), queueId);
        assertThat(sent).doesNotContain("No calls come to this queue yet").contains("Calls come here from")
                .contains("href=\"/settings/communications/phone/routing/" + rule.json().get("rule").get("id").asString() + "\"")
                .contains("routing rule &#39;To the line&#39;");
    }

    /**
     * A queue calls are sent to, whose members are all unavailable while the business is open (one gone to lunch, one who
     * never signed in), is warned on its page, with what its callers meet and where to change who is available; not once
     * someone in it is available, nor while the business is closed, nor for a queue nothing sends calls to. It read as
     * ready while every caller waited for no one (found by the queue walk).
     */
    @Test
    void aQueueCallsAreSentToWithNobodyAvailableWhileOpenIsWarned() {
        var c = company("Queue Nobody Cleaning");
        var created = c.api().post("/api/v1/queues", Map.of("name", "Bookings", "member_ids", List.of(c.ann(), c.bob()),
                "join_when_empty", true, "callback_enabled", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var queueId = UUID.fromString(created.json().get("id").asString());
        var unreached = c.api().post("/api/v1/queues", Map.of("name", "Spare", "member_ids", List.of(c.ann())));
        var spareId = UUID.fromString(unreached.json().get("id").asString());
        var rule = c.api().post("/api/v1/routing-rules", Map.of("name", "To bookings", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", queueId.toString()), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);
        assertThat(section(c.web().get("/queues").body(), queueId)).doesNotContain("Nobody in this queue is available now");

        assertThat(c.api().put("/api/v1/members/" + c.ann() + "/status", Map.of("status", "AWAY", "reason", "Lunch")).status()).isEqualTo(200);
        assertThat(c.api().put("/api/v1/members/" + c.bob() + "/status", Map.of("status", "OFFLINE")).status()).isEqualTo(200);
        var page = c.web().get("/queues").body();
        assertThat(section(page, queueId)).contains("Nobody in this queue is available now, and you are open: callers wait with nobody "
                + "to answer them, until someone in it is set Available or they have waited the longest allowed, and callbacks wait too.")
                .contains("href=\"/settings/communications/phone/extensions\"");
        assertThat(section(page, spareId)).as("nothing sends calls there").doesNotContain("Nobody in this queue is available now");
        // Callers not let in with nobody available are sent on at once: said so.
        assertThat(c.api().patch("/api/v1/queues/" + queueId, Map.of("join_when_empty", false)).status()).isEqualTo(200);
        assertThat(section(c.web().get("/queues").body(), queueId)).contains("callers are not put in line but sent on at once");

        // Closed (hours saved without any opening): nobody is expected.
        assertThat(c.api().put("/api/v1/business-hours", Map.of("ranges", List.of())).status()).isEqualTo(200);
        assertThat(section(c.web().get("/queues").body(), queueId)).doesNotContain("Nobody in this queue is available now");
    }

    /**
     * A pending callback says when it was asked for and the last day it may be made on (the end of the next business day
     * after that), on the page and as callback_requested_at in the API: one asked for on Friday evening read on Monday
     * as "Waiting 62:05:00" (found by the queue walk).
     */
    @Test
    void aPendingCallbackSaysWhenItWasAskedForAndTheLastDayItMayBeMadeOn() {
        var c = company("Queue Callback Cleaning");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var created = c.api().post("/api/v1/queues", Map.of("name", "Bookings", "member_ids", List.of(c.ann()),
                "join_when_empty", true, "callback_enabled", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var queueId = UUID.fromString(created.json().get("id").asString());
        var now = clock.instant();
        var joined = (QueueLine.Joined) TenantContext.callAs(company,
                () -> line.join(queueId, UUID.randomUUID(), "+17735550177", Set.of(), now));
        TenantContext.runAs(company, () -> line.requestCallback(joined.entryId(), "+17735550177", now));
        try {
            var zone = java.time.ZoneId.of(c.api().get("/api/v1/company").json().get("timezone").asString());
            // No business hours set: open every day, so the next business day is tomorrow.
            var tomorrow = now.atZone(zone).toLocalDate().plusDays(1);
            assertThat(section(c.web().get("/queues").body(), queueId)).contains("asked "
                    + dev.switchboard.tenancy.DisplayFormats.DATE_TIME.format(now.atZone(zone)) + "; given up if not made by the end of "
                    + dev.switchboard.tenancy.DisplayFormats.DATE.format(tomorrow));
            var callers = c.api().get("/api/v1/queues/" + queueId + "/callers").json();
            assertThat(java.time.Instant.parse(callers.get(0).get("callback_requested_at").asString()))
                    .as("as the database keeps it, to the microsecond").isBetween(now.minusMillis(1), now.plusMillis(1));
        } finally {
            TenantContext.runAs(company, () -> line.abandoned(joined.entryId(), clock.instant()));
        }
    }

    /**
     * The callbacks given up today (not made by the end of the next business day) are named under the day's figures, each
     * linked to the call that asked for it, for someone to call them by hand: the count alone left them to be looked for.
     * An agent sees the numbers without links (the call is not theirs to open).
     */
    @Test
    void theCallbacksGivenUpTodayAreNamedForSomeoneToCallThemByHand() {
        var c = company("Queue Given Up Cleaning");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var created = c.api().post("/api/v1/queues", Map.of("name", "Bookings", "member_ids", List.of(c.ann()),
                "join_when_empty", true, "callback_enabled", true));
        var queueId = UUID.fromString(created.json().get("id").asString());
        var now = clock.instant();
        var callId = UUID.randomUUID();
        var joined = (QueueLine.Joined) TenantContext.callAs(company, () -> line.join(queueId, callId, "+17735550178", Set.of(), now));
        TenantContext.runAs(company, () -> line.requestCallback(joined.entryId(), "+17735550178", now));
        assertThat(section(c.web().get("/queues").body(), queueId)).doesNotContain("Callbacks given up today");
        assertThat(TenantContext.callAs(company, () -> line.callbackExpired(joined.entryId(), clock.instant()))).isTrue();
        var page = section(c.web().get("/queues").body(), queueId);
        assertThat(page).contains("Callbacks given up today").contains("href=\"/calls/" + callId + "\">(773) 555-0178</a>")
                .contains("1 given up (not made by the end of the next business day)").doesNotContain("Cancel callback");
        var agent = webLogin(c.api().newUser("AGENT", c.ann()).email(), "their-password");
        assertThat(section(agent.get("/queues").body(), queueId)).contains("(773) 555-0178").doesNotContain("href=\"/calls/" + callId);
    }

    /**
     * A customer whose callback was given up who then called the queue again and was answered is no longer among those to
     * call by hand: the page told the office to call back a customer a member had just talked to (the common morning after
     * a callback given up at midnight). Counted among the day's given up still.
     */
    @Test
    void aCustomerWhoseCallbackWasGivenUpAndWhoWasAnsweredSinceIsNotToBeCalledByHand() {
        var c = company("Queue Reached Since Cleaning");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var created = c.api().post("/api/v1/queues", Map.of("name", "Bookings", "member_ids", List.of(c.ann()),
                "join_when_empty", true, "callback_enabled", true));
        var queueId = UUID.fromString(created.json().get("id").asString());
        var callId = UUID.randomUUID();
        var joined = (QueueLine.Joined) TenantContext.callAs(company, () -> line.join(queueId, callId, "+17735550179", Set.of(), clock.instant()));
        TenantContext.runAs(company, () -> line.requestCallback(joined.entryId(), "+17735550179", clock.instant()));
        assertThat(TenantContext.callAs(company, () -> line.callbackExpired(joined.entryId(), clock.instant()))).isTrue();
        var other = (QueueLine.Joined) TenantContext.callAs(company, () -> line.join(queueId, UUID.randomUUID(), "+17735550180", Set.of(), clock.instant()));
        TenantContext.runAs(company, () -> line.requestCallback(other.entryId(), "+17735550180", clock.instant()));
        assertThat(TenantContext.callAs(company, () -> line.callbackExpired(other.entryId(), clock.instant()))).isTrue();
        // The first customer calls again and Ann answers them.
        var again = (QueueLine.Joined) TenantContext.callAs(company, () -> line.join(queueId, UUID.randomUUID(), "+17735550179", Set.of(), clock.instant()));
        TenantContext.runAs(company, () -> line.connected(again.entryId(), UUID.fromString(c.ann()), clock.instant()));
        var page = section(c.web().get("/queues").body(), queueId);
        assertThat(page).contains("Callbacks given up today").contains("(773) 555-0180").doesNotContain("(773) 555-0179")
                .contains("2 given up (not made by the end of the next business day)");
    }

    /**
     * A callback being made as its last day ended, taken for unanswered at its hangup and so given up at once, whose
     * customer's answer is then delivered late (they did talk to the member): it was made, not given up. It stayed given
     * up, listed for the office to call a customer already called back, and counted so, not as made.
     */
    @Test
    void aCallbackGivenUpWhoseCustomersAnswerArrivesLateWasMadeAfterAll() {
        var c = company("Queue Late Answer Cleaning");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var created = c.api().post("/api/v1/queues", Map.of("name", "Bookings", "member_ids", List.of(c.ann()),
                "join_when_empty", true, "callback_enabled", true));
        var queueId = UUID.fromString(created.json().get("id").asString());
        var ann = UUID.fromString(c.ann());
        var joined = (QueueLine.Joined) TenantContext.callAs(company, () -> line.join(queueId, UUID.randomUUID(), "+17735550181", Set.of(), clock.instant()));
        var entry = joined.entryId();
        TenantContext.runAs(company, () -> line.requestCallback(entry, "+17735550181", clock.instant()));
        var callbackCall = UUID.randomUUID();
        TenantContext.runAs(company, () -> {
            line.callbackDialled(entry, callbackCall, ann, clock.instant());
            assertThat(line.callbackFailed(entry, clock.instant(), "no answer")).isPresent();
        });
        assertThat(TenantContext.callAs(company, () -> line.callbackExpired(entry, clock.instant()))).isTrue();
        TenantContext.runAs(company, () -> line.callbackAnsweredLate(entry, callbackCall, ann, clock.instant()));
        var page = section(c.web().get("/queues").body(), queueId);
        assertThat(page).doesNotContain("Callbacks given up today").doesNotContain("given up (not made")
                .contains("1 asked, 1 made");
    }

    /**
     * A callback given up at the end of the last business day (Friday's, given up at Saturday's midnight) is still named on
     * the next day the office opens the page, not only on the closed day it was given up: named "today" alone, it was gone
     * from the page by Monday and the customer was never called.
     */
    @Test
    void aCallbackGivenUpAtTheEndOfTheLastBusinessDayIsStillNamedTheNextDayOpen() {
        var c = company("Queue Given Up Weekend");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var zone = java.time.ZoneId.of(c.api().get("/api/v1/company").json().get("timezone").asString());
        var today = java.time.LocalDate.now(clock.withZone(zone));
        var lastOpen = today.minusDays(2);
        // Open today and two days ago, closed yesterday (a weekend between).
        assertThat(c.api().put("/api/v1/business-hours", Map.of("ranges", List.of(
                Map.of("day", lastOpen.getDayOfWeek().name(), "start", "09:00", "end", "17:00"),
                Map.of("day", today.getDayOfWeek().name(), "start", "00:00", "end", "24:00")))).status()).isEqualTo(200);
        var created = c.api().post("/api/v1/queues", Map.of("name", "Bookings", "member_ids", List.of(c.ann()),
                "join_when_empty", true, "callback_enabled", true));
        var queueId = UUID.fromString(created.json().get("id").asString());
        var asked = lastOpen.minusDays(1).atTime(15, 0).atZone(zone).toInstant();
        var callId = UUID.randomUUID();
        var joined = (QueueLine.Joined) TenantContext.callAs(company, () -> line.join(queueId, callId, "+17735550177", Set.of(), asked));
        TenantContext.runAs(company, () -> line.requestCallback(joined.entryId(), "+17735550177", asked));
        var givenUp = lastOpen.plusDays(1).atStartOfDay(zone).toInstant();
        assertThat(TenantContext.callAs(company, () -> line.callbackExpired(joined.entryId(), givenUp))).isTrue();
        var page = section(c.web().get("/queues").body(), queueId);
        assertThat(page).contains("Callbacks given up since the end of your last business day")
                .contains("href=\"/calls/" + callId + "\">(773) 555-0177</a>");
    }

    /**
     * The queues follow what happens without a reload, as a wallboard does: the page asks for its queues again every 5 s,
     * and that request gets them alone, with a caller who joined since (found by a walk: callers came and went, and the
     * page said "Nobody is waiting" until reloaded).
     */
    @Test
    void theQueuesAreAskedForAgainEveryFewSecondsAndShowACallerWhoJoinedSince() {
        var c = company("Queue Wallboard Heating");
        var company = CompanyId.of(c.api().get("/api/v1/me").json().get("company_id").asString());
        var created = c.api().post("/api/v1/queues", Map.of("name", "Service line", "member_ids", List.of(c.ann()), "join_when_empty", true));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        var queueId = UUID.fromString(created.json().get("id").asString());
        var page = c.web().get("/queues").body();
        assertThat(page).contains("id=\"queue-lines\" hx-get=\"/queues\" hx-trigger=\"every 5s\" hx-swap=\"outerHTML\"")
                .contains("Nobody is waiting.");
        var joined = (QueueLine.Joined) TenantContext.callAs(company,
                () -> line.join(queueId, UUID.randomUUID(), "+17735550177", Set.of(), clock.instant()));
        try {
            var refreshed = c.web().htmxGet("/queues");
            assertThat(refreshed.status()).isEqualTo(200);
            assertThat(refreshed.body()).as("the queues alone").startsWith("<div id=\"queue-lines\"").doesNotContain("<h1>")
                    .doesNotContain("<html");
            assertThat(section(refreshed.body(), queueId)).contains("(773) 555-0177").contains("1 caller waiting")
                    .contains("name=\"_csrf\"");
        } finally {
            TenantContext.runAs(company, () -> line.abandoned(joined.entryId(), clock.instant()));
        }
    }

    record Company(ApiClient api, WebClient web, String ann, String bob) {
    }

    private Company company(String name) {
        var owner = api().signUpNewCompany(name);
        var ann = owner.post("/api/v1/members", Map.of("name", "Ann", "phone_extension", "101")).json().get("id").asString();
        var bob = owner.post("/api/v1/members", Map.of("name", "Bob", "phone_extension", "102")).json().get("id").asString();
        return new Company(owner, webLogin(owner.email(), "correct-horse"), ann, bob);
    }

    private static String[] fields(String... overrides) {
        var map = new java.util.LinkedHashMap<String, String>();
        map.put("name", "Sales line");
        map.put("strategy", "FIXED_ORDER");
        map.put("ringTimeoutSeconds", "25");
        map.put("wrapUpSeconds", "15");
        map.put("announcePosition", "true");
        map.put("announceIntervalSeconds", "30");
        map.put("maxWaitSeconds", "600");
        map.put("maxWaitKind", "VOICEMAIL");
        map.put("maxCallers", "12");
        map.put("maxMissedOffers", "2");
        map.put("callbackEnabled", "true");
        map.put("callbackKey", "*");
        map.put("vipTag", "gold");
        map.put("vipPriority", "50");
        map.put("rejoinWindowSeconds", "90");
        map.put("shortAbandonSeconds", "4");
        map.put("serviceLevelSeconds", "30");
        for (int i = 0; i < overrides.length; i += 2) {
            map.put(overrides[i], overrides[i + 1]);
        }
        var pairs = new ArrayList<String>();
        map.forEach((k, v) -> {
            pairs.add(k);
            pairs.add(v);
        });
        return pairs.toArray(new String[0]);
    }

    private static String[] with(String[] pairs, String... more) {
        var all = new ArrayList<>(List.of(pairs));
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void anOwnerCreatesAQueueOnThePageWithEveryFieldAndItsMembersInOrder() {
        var c = company("Queue Page Create Co");
        assertThat(c.web().get("/queues").body()).contains("href=\"/queues/new\"");
        var form = c.web().get("/queues/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("New call queue").contains("name=\"memberIds\"").contains("name=\"maxWaitKind\"");

        var saved = c.web().post("/queues", with(fields(), "memberIds", c.ann(), "position-" + c.ann(), "2",
                "memberIds", c.bob(), "position-" + c.bob(), "1"));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var list = c.api().get("/api/v1/queues").json();
        assertThat(list.size()).isEqualTo(1);
        var q = list.get(0);
        assertThat(q.get("name").asString()).isEqualTo("Sales line");
        assertThat(q.get("strategy").asString()).isEqualTo("FIXED_ORDER");
        assertThat(q.get("member_ids").get(0).asString()).as("Bob was given place 1").isEqualTo(c.bob());
        assertThat(q.get("member_ids").get(1).asString()).isEqualTo(c.ann());
        assertThat(q.get("ring_timeout_seconds").asInt()).isEqualTo(25);
        assertThat(q.get("wrap_up_seconds").asInt()).isEqualTo(15);
        assertThat(q.get("announce_interval_seconds").asInt()).isEqualTo(30);
        assertThat(q.get("max_wait_seconds").asInt()).isEqualTo(600);
        assertThat(q.get("max_wait_target").get("kind").asString()).isEqualTo("VOICEMAIL");
        assertThat(q.get("max_callers").asInt()).isEqualTo(12);
        assertThat(q.get("max_missed_offers").asInt()).isEqualTo(2);
        assertThat(q.get("callback_enabled").asBoolean()).isTrue();
        assertThat(q.get("callback_key").asString()).isEqualTo("*");
        assertThat(q.get("vip_tag").asString()).isEqualTo("gold");
        assertThat(q.get("vip_priority").asInt()).isEqualTo(50);
        assertThat(q.get("rejoin_window_seconds").asInt()).isEqualTo(90);
        assertThat(q.get("short_abandon_seconds").asInt()).isEqualTo(4);
        assertThat(q.get("service_level_seconds").asInt()).isEqualTo(30);
        assertThat(q.get("join_when_empty").asBoolean()).isFalse();
        var page = c.web().get("/queues").body();
        assertThat(page).contains("Queue \u201cSales line\u201d saved.")
                .as("its members in its order").containsPattern("(?s)<li><span>Bob</span>.*<li><span>Ann</span>");
        var audit = c.api().get("/api/v1/audit-log?entity_type=call_queue").json();
        assertThat(audit.get(0).get("action").asString()).isEqualTo("create");
        assertThat(audit.get(0).get("actor").asString()).isEqualTo(c.api().email());
    }

    @Test
    void anOwnerEditsAQueueAndItsMembers() {
        var c = company("Queue Page Edit Co");
        c.web().get("/queues/new");
        c.web().post("/queues", with(fields(), "memberIds", c.ann()));
        var id = c.api().get("/api/v1/queues").json().get(0).get("id").asString();
        var form = c.web().get("/queues/" + id);
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("Edit call queue").contains("value=\"Sales line\"").contains("value=\"25\"")
                .containsPattern("name=\"memberIds\" value=\"" + c.ann() + "\"[^>]*checked")
                .containsPattern("<option value=\"FIXED_ORDER\"[^>]*selected");

        var saved = c.web().post("/queues/" + id, with(fields("name", "Sales", "strategy", "RING_ALL", "wrapUpSeconds", "45",
                "joinWhenEmpty", "true", "fullKind", "HANGUP", "fullMessage", "We are busy, please call later"), "memberIds", c.bob()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var q = c.api().get("/api/v1/queues/" + id).json();
        assertThat(q.get("name").asString()).isEqualTo("Sales");
        assertThat(q.get("strategy").asString()).isEqualTo("RING_ALL");
        assertThat(q.get("wrap_up_seconds").asInt()).isEqualTo(45);
        assertThat(q.get("join_when_empty").asBoolean()).isTrue();
        assertThat(q.get("full_target").get("kind").asString()).isEqualTo("HANGUP");
        assertThat(q.get("member_ids").size()).isEqualTo(1);
        assertThat(q.get("member_ids").get(0).asString()).as("Ann taken out, Bob put in").isEqualTo(c.bob());
        var audit = c.api().get("/api/v1/audit-log?entity_type=call_queue").json();
        assertThat(audit.get(0).get("action").asString()).isEqualTo("update");
    }

    @Test
    void aRefusedValueIsShownBesideItsFieldKeptInItAndNothingChanges() {
        var c = company("Queue Page Refusal Co");
        c.web().get("/queues/new");
        c.web().post("/queues", with(fields(), "memberIds", c.ann()));
        var id = c.api().get("/api/v1/queues").json().get(0).get("id").asString();
        var before = c.api().get("/api/v1/queues/" + id).body();

        c.web().get("/queues/" + id);
        var bad = c.web().post("/queues/" + id, with(fields("name", "Renamed", "ringTimeoutSeconds", "2", "callbackKey", "12",
                "fullKind", "EXTERNAL_NUMBER", "fullNumber", "not a number"), "memberIds", c.bob()));
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body()).contains("Nothing was saved")
                .containsPattern("id=\"ringTimeoutSeconds-error\"[^>]*>must be 5 to 120<")
                .contains("id=\"callbackKey-error\"")
                .contains("name=\"ringTimeoutSeconds\" inputmode=\"numeric\" value=\"2\"")
                .contains("value=\"12\"").contains("value=\"Renamed\"").contains("value=\"not a number\"")
                .containsPattern("name=\"memberIds\" value=\"" + c.bob() + "\"[^>]*checked");
        assertThat(c.api().get("/api/v1/queues/" + id).body()).isEqualTo(before);

        var notANumber = c.web().post("/queues/" + id, with(fields("wrapUpSeconds", "ten"), "memberIds", c.ann()));
        assertThat(notANumber.status()).isEqualTo(422);
        assertThat(notANumber.body()).contains("id=\"wrapUpSeconds-error\"").contains("value=\"ten\"");
        assertThat(c.api().get("/api/v1/queues/" + id).body()).isEqualTo(before);

        c.web().get("/queues/new");
        var duplicate = c.web().post("/queues", with(fields("name", " SALES LINE "), "memberIds", c.ann()));
        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.body()).contains("id=\"name-error\"")
                .contains("the queue &#39;Sales line&#39; already has this name; choose another");
        assertThat(c.api().get("/api/v1/queues").json().size()).isEqualTo(1);
    }

    @Test
    void theMembersPlacesTypedComeBackAsTypedWhenAnotherFieldIsRefused() {
        var c = company("Queue Page Places Co");
        c.web().get("/queues/new");
        var refused = c.web().post("/queues", with(fields("maxCallers", "0"), "memberIds", c.ann(), "position-" + c.ann(), "20",
                "memberIds", c.bob(), "position-" + c.bob(), "10"));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("id=\"maxCallers-error\"")
                .containsPattern("name=\"position-" + c.ann() + "\"[^>]*value=\"20\"")
                .containsPattern("name=\"position-" + c.bob() + "\"[^>]*value=\"10\"")
                // Bob still listed first, as his place comes first.
                .containsPattern("(?s)name=\"position-" + c.bob() + "\".*name=\"position-" + c.ann() + "\"");
        assertThat(c.api().get("/api/v1/queues").json().size()).isZero();

        // A member ticked without a place comes back without one, not numbered for the user.
        var blank = c.web().post("/queues", with(fields("maxCallers", "0"), "memberIds", c.ann(), "position-" + c.ann(), "",
                "memberIds", c.bob(), "position-" + c.bob(), "3"));
        assertThat(blank.status()).isEqualTo(422);
        assertThat(blank.body()).containsPattern("name=\"position-" + c.ann() + "\"[^>]*value=\"\"")
                .containsPattern("name=\"position-" + c.bob() + "\"[^>]*value=\"3\"");
    }

    @Test
    void holdMusicChosenWithARefusedValueIsNotSavedAndThePageSaysToChooseItAgain() throws Exception {
        var c = company("Queue Page Hold Music Co");
        c.web().get("/queues/new");
        var refused = c.web().postFile("/queues", "holdMusicFile", "jingle.wav", "audio/wav", dev.switchboard.support.TestAudio.wav(),
                with(fields("maxCallers", "0"), "memberIds", c.ann()));
        assertThat(refused.status()).isEqualTo(422);
        // A browser cannot put a file back in its field: the page says it was not kept, beside the field.
        assertThat(refused.body()).contains("id=\"maxCallers-error\"")
                .containsPattern("id=\"holdMusicFile-again\"[^>]*>\u201cjingle.wav\u201d was not saved: choose it again")
                .containsPattern("id=\"holdMusicFile\"[^>]*aria-describedby=\"holdMusicFile-error holdMusicFile-again\"");
        assertThat(c.api().get("/api/v1/queues").json().size()).isZero();

        var saved = c.web().postFile("/queues", "holdMusicFile", "jingle.wav", "audio/wav", dev.switchboard.support.TestAudio.wav(),
                with(fields(), "memberIds", c.ann()));
        assertThat(saved.status()).as(saved.body()).isEqualTo(302);
        var id = c.api().get("/api/v1/queues").json().get(0).get("id").asString();
        assertThat(c.web().get("/queues/" + id).body()).contains("<audio").doesNotContain("id=\"holdMusicFile-again\"");
        // A refusal on an edit without a new file says nothing about the music already there.
        var edit = c.web().post("/queues/" + id, with(fields("maxCallers", "0"), "memberIds", c.ann()));
        assertThat(edit.status()).isEqualTo(422);
        assertThat(edit.body()).doesNotContain("id=\"holdMusicFile-again\"");
    }

    @Test
    void aQueueIsDeletedUnlessARuleSendsCallsToIt() {
        var c = company("Queue Page Delete Co");
        c.web().get("/queues/new");
        c.web().post("/queues", fields());
        c.web().get("/queues/new");
        c.web().post("/queues", fields("name", "Spare"));
        var list = c.api().get("/api/v1/queues").json();
        var sales = list.get(0).get("id").asString();
        var spare = list.get(1).get("id").asString();
        var rule = c.api().post("/api/v1/routing-rules", Map.of("name", "Daytime", "type", "BUSINESS_HOURS",
                "open_target", Map.of("kind", "QUEUE", "queue_id", sales), "closed_target", Map.of("kind", "VOICEMAIL")));
        assertThat(rule.status()).as(rule.body()).isEqualTo(201);

        c.web().get("/queues");
        var refused = c.web().post("/queues/" + sales + "/delete");
        assertThat(refused.status()).isEqualTo(302);
        assertThat(c.web().get("/queues").body()).contains("was not deleted").contains("Daytime");
        assertThat(c.api().get("/api/v1/queues/" + sales).status()).isEqualTo(200);

        var deleted = c.web().post("/queues/" + spare + "/delete");
        assertThat(deleted.status()).isEqualTo(302);
        assertThat(c.web().get("/queues").body()).contains("Queue \u201cSpare\u201d deleted.");
        assertThat(c.api().get("/api/v1/queues/" + spare).status()).isEqualTo(404);
        var audit = c.api().get("/api/v1/audit-log?entity_type=call_queue").json();
        assertThat(audit.get(0).get("action").asString()).isEqualTo("delete");
    }

    @Test
    void anAgentCannotCreateEditOrDeleteAQueue() {
        var c = company("Queue Page Agent Co");
        c.web().get("/queues/new");
        c.web().post("/queues", with(fields(), "memberIds", c.ann()));
        var id = c.api().get("/api/v1/queues").json().get(0).get("id").asString();
        var before = c.api().get("/api/v1/queues/" + id).body();
        var agentApi = c.api().newUser("AGENT", c.ann());
        var agent = webLogin(agentApi.email(), "their-password");
        var page = agent.get("/queues");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Sales line").doesNotContain("/queues/new").doesNotContain("/delete");
        assertThat(agent.get("/queues/new").status()).isEqualTo(403);
        assertThat(agent.get("/queues/" + id).status()).isEqualTo(403);
        assertThat(agent.post("/queues", fields("name", "Mine")).status()).isEqualTo(403);
        assertThat(agent.post("/queues/" + id, fields("name", "Mine")).status()).isEqualTo(403);
        assertThat(agent.post("/queues/" + id + "/delete").status()).isEqualTo(403);
        assertThat(c.api().get("/api/v1/queues").json().size()).isEqualTo(1);
        assertThat(c.api().get("/api/v1/queues/" + id).body()).isEqualTo(before);
    }

    /** The page's section of queue {@code id}. */
    private static String section(String page, UUID id) {
        var start = page.indexOf("aria-labelledby=\"q-" + id + "\"");
        assertThat(start).as("the queue's section").isNotNegative();
        var end = page.indexOf("</section>", start);
        return page.substring(start, end);
    }
}
